"""The playground page (/) in a real headless Chromium against a real uvicorn server.

Every test page fails on any console error (see conftest.py). The page exposes
``window.__playground`` (state, ``whenPainted()``) so tests wait for the page to be fully
repainted instead of sleeping.
"""

from __future__ import annotations

import base64
import json
import math

import pytest

pytestmark = pytest.mark.e2e

# A known network: 2 inputs -> 3 tanh -> 1 sigmoid (weights chosen by hand).
KNOWN = {
    "features": ["x1", "x2"],
    "layers": [
        {"activation": "tanh", "weights": [[0.8, -0.5], [-1.2, 0.3], [0.4, 0.9]], "biases": [0.1, -0.2, 0.05]},
        {"activation": "sigmoid", "weights": [[1.5, -0.7, 2.1]], "biases": [-0.3]},
    ],
}


def state_hash(network: dict, **extra) -> str:
    """A link hash as the page writes it, uncompressed variant ("j" + base64url of JSON)."""
    state = {"v": 1, "network": network, "start": network, **extra}
    raw = base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")
    return "#s=j" + raw


def open_page(page, path: str = "/") -> None:
    page.goto(path)
    page.locator('#playground[data-loading="false"]').wait_for(timeout=30_000)
    painted(page)


def painted(page) -> None:
    page.evaluate("() => window.__playground.whenPainted()")


def wait_until(page, check, what: str) -> None:
    """Poll a Python condition (the page's async work has no single event to wait on)."""
    for _ in range(400):
        if check():
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"never happened: {what}")


def surface_pixels(page) -> str:
    """The decision surface's painted heatmap (its canvas as a data URL)."""
    return page.get_by_test_id("surface-canvas").evaluate("c => c.toDataURL()")


def network(page) -> dict:
    return page.evaluate("() => JSON.parse(JSON.stringify(window.__playground.state.network))")


def test_page_loads_with_diagram_plots_and_no_console_errors(page):
    open_page(page)
    diagram = page.get_by_test_id("network-diagram")
    assert diagram.is_visible()
    # default network: 2 features -> 4 -> 2 -> 1
    assert page.get_by_test_id("neuron").count() == 7
    assert page.get_by_test_id("edge").count() == 2 * 4 + 4 * 2 + 2 * 1
    assert page.get_by_test_id("feature").count() == 7
    # every neuron shows its activation at the probe
    values = page.locator('[data-testid="neuron"] [data-testid="activation"]').evaluate_all(
        "els => els.map(e => e.dataset.value)"
    )
    assert len(values) == 7 and all(v not in (None, "") for v in values)
    # the decision surface has its painted image and the data points
    canvas = page.get_by_test_id("surface-canvas")
    assert canvas.evaluate("c => [c.width, c.height]") == [100, 100]
    assert int(page.get_by_test_id("surface-points").get_attribute("data-count")) > 100
    assert page.get_by_test_id("epoch").get_attribute("data-epoch") == "0"
    for hook in ("weight-editor", "play", "step", "reset", "loss-chart", "probe", "neuron-inspector", "share"):
        assert page.get_by_test_id(hook).count() == 1, hook
    assert page.get_by_test_id("dataset").count() >= 5
    # the loss is known before any training (from /api/gradients)
    assert page.get_by_test_id("train-loss").text_content() != "—"


def test_editing_a_weight_changes_the_output_and_the_url(page):
    open_page(page, "/" + state_hash(KNOWN))
    before_out = page.get_by_test_id("probe-output").text_content()
    before_url = page.url
    before_img = surface_pixels(page)
    edge = page.locator('[data-testid="edge"][data-layer="1"][data-to="0"][data-from="2"]')
    edge.dispatch_event("click")
    editor = page.get_by_test_id("weight-editor")
    assert "Weight" in editor.text_content()
    field = page.get_by_test_id("weight-input")
    assert float(field.input_value()) == pytest.approx(2.1)
    field.fill("-3")
    painted(page)
    assert network(page)["layers"][1]["weights"][0][2] == -3
    assert page.get_by_test_id("probe-output").text_content() != before_out
    assert surface_pixels(page) != before_img
    wait_until(page, lambda: page.url != before_url, "the URL follows the edit")
    # the slider edits live too (input events while dragging)
    slider = page.get_by_test_id("weight-slider")
    slider.evaluate("(el) => { el.value = '1.25'; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    painted(page)
    assert network(page)["layers"][1]["weights"][0][2] == 1.25
    assert float(field.input_value()) == 1.25


def test_keyboard_selects_an_edge_and_arrow_keys_nudge_it(page):
    open_page(page, "/" + state_hash(KNOWN))
    edge = page.locator('[data-testid="edge"][data-layer="0"][data-to="1"][data-from="0"]')
    edge.focus()
    page.keyboard.press("+")  # the arrow keys move inside the diagram; + and − nudge
    painted(page)
    assert network(page)["layers"][0]["weights"][1][0] == pytest.approx(-1.1)
    edge.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.dataset.testid") == "weight-input"
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.dataset.testid") == "edge"
    neuron = page.locator('[data-testid="neuron"][data-layer="0"][data-index="2"]')
    neuron.focus()
    page.keyboard.press("-")
    painted(page)
    assert network(page)["layers"][0]["biases"][2] == pytest.approx(-0.05)


def test_probe_shows_the_activations_the_api_computes(page, server_url):
    open_page(page, "/" + state_hash(KNOWN))
    page.get_by_test_id("probe-x1").fill("0.5")
    page.get_by_test_id("probe-x2").fill("-1.5")
    painted(page)
    body = {"network": KNOWN, "inputs": [[0.5, -1.5]], "trace": True}
    res = page.request.post(server_url + "/api/forward", data=body)
    assert res.ok
    expected = res.json()
    for l, layer in enumerate(expected["layers"]):
        for j, a in enumerate(layer["a"][0]):
            neuron = page.locator(f'[data-testid="neuron"][data-layer="{l}"][data-index="{j}"]')
            shown = neuron.get_by_test_id("activation")
            assert float(shown.get_attribute("data-value")) == pytest.approx(a, abs=1e-12)
            assert shown.text_content() == f"{a:.2f}".replace("-", "\u2212")
    out = expected["outputs"][0][0]
    assert page.get_by_test_id("probe-output").text_content() == f"{out:.4f}"
    # the inspector of the output neuron shows its z and f(z) with the API's numbers
    page.locator('[data-testid="neuron"][data-layer="1"][data-index="0"]').click()
    painted(page)
    inspector = page.get_by_test_id("neuron-inspector")
    z = float(inspector.get_by_test_id("inspector-z-value").get_attribute("data-value"))
    a = float(inspector.get_by_test_id("inspector-a-value").get_attribute("data-value"))
    assert z == pytest.approx(expected["layers"][1]["z"][0][0], abs=1e-12)
    assert a == pytest.approx(out, abs=1e-12)
    assert "sigmoid" in inspector.text_content()
    # clicking the plot moves the probe
    box = page.get_by_test_id("surface-canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.25)
    painted(page)
    x1, x2 = page.evaluate("() => window.__playground.state.view.probe")
    assert x1 == pytest.approx(3, abs=0.2) and x2 == pytest.approx(3, abs=0.2)


def test_training_on_xor_reaches_95_percent(page):
    open_page(page)
    assert page.evaluate("() => window.__playground.state.data.name") == "xor"
    page.get_by_test_id("speed").select_option("5")
    page.get_by_test_id("play").click()
    accuracy = 0.0
    for _ in range(300):  # polls, not a timing assertion: the cap only ends a broken run
        page.wait_for_timeout(100)
        value = page.get_by_test_id("accuracy").get_attribute("data-value")
        accuracy = float(value) if value else 0.0
        if accuracy >= 0.95 and int(page.get_by_test_id("epoch").get_attribute("data-epoch")) > 0:
            break
    page.get_by_test_id("play").click()
    painted(page)
    assert accuracy >= 0.95
    epoch = int(page.get_by_test_id("epoch").get_attribute("data-epoch"))
    assert epoch > 0
    assert float(page.get_by_test_id("accuracy").get_attribute("data-value")) >= 0.95
    traces = page.locator('[data-testid="loss-chart"] .scatterlayer .trace')
    wait_until(page, lambda: traces.count() == 2, "the loss chart")
    assert page.get_by_test_id("confusion-matrix").locator("td").count() == 4
    # changing the learning rate never resets the network
    trained = network(page)
    page.get_by_test_id("learning-rate").select_option("0.01")
    painted(page)
    assert network(page) == trained
    assert int(page.get_by_test_id("epoch").get_attribute("data-epoch")) == epoch
    # one step adds one epoch; reset goes back to the start weights at epoch 0
    start = page.evaluate("() => window.__playground.state.start")
    page.get_by_test_id("step").click()
    page.locator(f'[data-testid="epoch"][data-epoch="{epoch + 1}"]').wait_for()
    page.get_by_test_id("reset").click()
    painted(page)
    assert page.get_by_test_id("epoch").get_attribute("data-epoch") == "0"
    assert network(page) == start


def test_share_link_reproduces_the_state(page, browser, server_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    open_page(page)
    # change several things: a feature, a layer, a weight, the learning rate, the dataset
    page.locator('[data-testid="feature"][data-feature="x1*x2"]').click()
    painted(page)
    page.get_by_test_id("learning-rate").select_option("0.1")
    page.locator('[data-testid="dataset"][data-name="circle"]').click()
    painted(page)
    page.locator('[data-testid="edge"][data-layer="0"][data-to="0"][data-from="2"]').dispatch_event("click")
    page.get_by_test_id("weight-input").fill("1.2345")
    painted(page)
    page.get_by_test_id("share").click()
    share = page.get_by_test_id("share")
    page.locator('[data-testid="share"][data-url]').wait_for()
    url = share.get_attribute("data-url")
    assert "#s=" in url
    assert page.evaluate("() => navigator.clipboard.readText()") == url
    original = page.evaluate("() => JSON.parse(JSON.stringify(window.__playground.state))")
    out = page.get_by_test_id("probe-output").text_content()

    # a fresh browser (no localStorage) opening the link gets exactly the same network
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    other = ctx.new_page()
    errors: list[str] = []
    other.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    other.on("pageerror", lambda e: errors.append(str(e)))
    try:
        open_page(other, url)
        copy = other.evaluate("() => JSON.parse(JSON.stringify(window.__playground.state))")
        assert copy["network"] == original["network"]
        assert copy["network"]["features"] == ["x1", "x2", "x1*x2"]
        assert copy["network"]["layers"][0]["weights"][0][2] == 1.2345
        assert copy["train"]["lr"] == 0.1
        assert copy["data"]["name"] == "circle"
        assert other.get_by_test_id("probe-output").text_content() == out
        assert other.locator('[data-testid="dataset"][data-name="circle"]').get_attribute("aria-checked") == "true"
        assert other.get_by_test_id("learning-rate").input_value() == "0.1"
    finally:
        ctx.close()
    assert not errors, errors


def test_a_link_can_hide_controls_and_open_a_preset(page):
    open_page(page, "/#preset=xor-solved&hide=dataset,learning-rate,layers")
    net = network(page)
    presets = page.evaluate("() => window.__playground.presets.map(p => p.name)")
    assert "xor-solved" in presets
    preset = page.evaluate("() => window.__playground.presets.find(p => p.name === 'xor-solved').network")
    assert net["layers"] == preset["layers"]
    assert page.locator('[data-control="dataset"]').first.is_hidden()
    assert page.locator('[data-control="learning-rate"]').is_hidden()
    assert page.locator('[data-control="layers"]').is_hidden()
    assert page.get_by_test_id("play").is_visible()
    # the hidden controls stay hidden in the link the page keeps
    painted(page)
    wait_until(page, lambda: "hide=dataset,learning-rate,layers" in page.url and "#s=" in page.url, "hide kept")


def test_json_export_and_import_round_trip(page, tmp_path):
    open_page(page, "/" + state_hash(KNOWN))
    page.get_by_test_id("file-menu").click()
    with page.expect_download() as dl:
        page.get_by_test_id("export-json").click()
    path = tmp_path / "network.json"
    dl.value.save_as(path)
    exported = json.loads(path.read_text())
    assert exported == KNOWN
    # change the network completely, then import the file back
    page.get_by_test_id("reinit").click()
    painted(page)
    assert network(page) != KNOWN
    page.get_by_test_id("import-json").set_input_files(str(path))
    wait_until(page, lambda: network(page) == KNOWN, "the imported network is the page's network")
    painted(page)
    assert page.get_by_test_id("neuron").count() == 4
    # the numpy export is a script from the API
    page.get_by_test_id("file-menu").click()
    with page.expect_download() as dl2:
        page.get_by_test_id("export-numpy").click()
    script = dl2.value.path().read_text()
    assert "import numpy" in script and "def forward" in script


def test_csv_with_a_bad_row_shows_an_error(page):
    open_page(page)
    error = page.get_by_test_id("csv-error")
    assert error.is_hidden()
    bad = b"x1,x2,label\n1.0,2.0,0\n-1.5,abc,1\n2,2\n"
    page.get_by_test_id("csv-upload").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    error.wait_for(state="visible")
    text = error.text_content()
    assert "Row 3" in text and "abc" in text and "Row 4" in text
    # nothing was loaded
    assert page.evaluate("() => window.__playground.state.data.custom") is None
    # a good paste loads and trains as "your data"
    rows = "\n".join(f"{math.cos(k):.3f},{math.sin(k):.3f},{k % 2}" for k in range(20))
    page.get_by_test_id("csv-text").fill("x1,x2,label\n" + rows)
    page.get_by_test_id("csv-load").click()
    error.wait_for(state="hidden")
    painted(page)
    custom = page.evaluate("() => window.__playground.state.data.custom")
    assert len(custom["train"]["points"]) + len(custom["test"]["points"]) == 20  # own data are split too
    assert page.locator('[data-testid="dataset"][data-name="custom"]').get_attribute("aria-checked") == "true"
    page.get_by_test_id("step").click()
    page.locator('[data-testid="epoch"][data-epoch="1"]').wait_for()


def test_multiclass_dataset_gets_softmax_outputs(page):
    open_page(page)
    page.get_by_test_id("problem").select_option("multiclass")
    painted(page)
    net = network(page)
    out = net["layers"][-1]
    assert out["activation"] == "softmax"
    classes = page.evaluate("() => window.__playground.state.task.classes")
    assert len(out["biases"]) == classes >= 3
    page.get_by_test_id("step").click()
    page.locator('[data-testid="epoch"][data-epoch="1"]').wait_for()
    painted(page)
    assert page.get_by_test_id("confusion-matrix").locator("td").count() == classes * classes


def test_layers_neurons_activations_and_hover(page):
    open_page(page)
    page.get_by_test_id("layer-add").click()
    painted(page)
    assert [len(layer["biases"]) for layer in network(page)["layers"]] == [4, 2, 2, 1]
    page.locator('[data-testid="neuron-add"][data-layer="0"]').click()
    painted(page)
    net = network(page)
    assert [len(layer["biases"]) for layer in net["layers"]] == [5, 2, 2, 1]
    assert page.get_by_test_id("neuron").count() == 10
    page.locator('[data-testid="layer-activation"][data-layer="1"]').select_option("relu")
    painted(page)
    assert network(page)["layers"][1]["activation"] == "relu"
    page.get_by_test_id("layer-remove").click()
    page.get_by_test_id("layer-remove").click()
    painted(page)
    assert [len(layer["biases"]) for layer in network(page)["layers"]] == [5, 1]
    # hovering a hidden neuron shows its own output in the big plot
    before = surface_pixels(page)
    page.locator('[data-testid="neuron"][data-layer="0"][data-index="1"]').hover()
    painted(page)
    assert page.locator("#surface-title").text_content() == "Neuron H1.2"
    assert surface_pixels(page) != before
    page.mouse.move(5, 5)
    painted(page)
    assert page.locator("#surface-title").text_content() == "Output"
