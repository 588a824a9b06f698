"""The challenges about training. spiral-small and three-classes measure the network the student
trained, as it is, on the challenge's seeded test data; too-fast, vanishing, overfit-then-fix and
linear-collapse are trained here, from the challenge's own start weights, with a fixed seed and
epoch budget, reading only the setting the challenge is about (a learning rate, the activations,
the regularisation)."""

from __future__ import annotations

from app.nn import datasets, init
from app.nn.challenges.base import (
    Challenge,
    Submission,
    TrainSettings,
    Verdict,
    data_body,
    fit_error,
    measure,
    rounded,
    shape_of,
    train,
    with_activations,
)
from app.nn.network import Network

XY = ["x1", "x2"]
ALL = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


def _trained_body(spec, sizes, acts, feats, settings: TrainSettings, epochs: int, wseed: int) -> dict:
    net = init.build(sizes, acts, "xavier", wseed, feats)
    return {"network": train(net, spec, settings, epochs).network.to_dict()}


# 7. spiral-small --------------------------------------------------------------------------------------
SPIRAL = datasets.Spec("spiral", 500, 0.0, 0, 0.5)
SPIRAL_MAX = 16


def _spiral(sub: Submission) -> Verdict:
    net = sub.network
    if fit_error(net, SPIRAL):
        return Verdict(False, fit_error(net, SPIRAL))
    hidden = sum(shape_of(net)[:-1])
    m = measure(net, SPIRAL)
    acc = m.get("test_accuracy")
    measured = {"test_accuracy": acc, "threshold": 0.9, "hidden_neurons": hidden, "max_hidden_neurons": SPIRAL_MAX}
    if net.n_outputs != 1:
        return Verdict(False, "spiral has two classes: use one output neuron", measured)
    if hidden > SPIRAL_MAX:
        return Verdict(False, f"{hidden} hidden neurons: the goal allows {SPIRAL_MAX} in total", measured)
    if acc is None:
        return Verdict(False, "the network's outputs overflow on the data", measured)
    if acc >= 0.9:
        return Verdict(True, f"Test accuracy {acc:.3f} with {hidden} hidden neurons.", measured)
    return Verdict(False, f"Test accuracy {acc:.3f}: train longer, or give the network sin features so fewer "
                          "neurons can follow the arms.", measured)


SPIRAL_SMALL = Challenge(
    id="spiral-small", title="A small spiral solver", lesson="training", order=7,
    goal=f"Reach ≥ 0.90 test accuracy on spiral with at most {SPIRAL_MAX} hidden neurons in total.",
    hints=("Raw x₁, x₂ make the spiral hard: sin x₁ and sin x₂ follow the arms.",
           "Two hidden layers of 8 tanh neurons are enough with the right features.",
           "Features x₁, x₂, sin x₁, sin x₂; layers 8 and 8, tanh; Adam 0.02; about 400 epochs."),
    start={"network": rounded(init.build([2, 4, 4, 1], ["tanh", "tanh", "sigmoid"], "xavier", 1, XY)),
           "data": data_body(SPIRAL), "settings": TrainSettings("adam", 0.03, 10).body(),
           "visible": ["features", "layers", "neurons", "activation", "weights", "train", "learning-rate", "optimizer",
                       "batch-size", "regularization", "speed", "inspector", "edge-mode"]},
    make_solution=lambda: _trained_body(SPIRAL, [4, 8, 8, 1], ["tanh", "tanh", "sigmoid"],
                                        ["x1", "x2", "sin(x1)", "sin(x2)"], TrainSettings("adam", 0.02, 10), 400, 1),
    checker=_spiral, mode="weights", data=SPIRAL,
)


# 8. three-classes ------------------------------------------------------------------------------------
BLOBS = datasets.Spec("blobs3", 300, 10.0, 0, 0.5)


def _wrong(cm) -> int:
    return sum(v for i, row in enumerate(cm) for j, v in enumerate(row) if i != j)


def _three(sub: Submission) -> Verdict:
    net = sub.network
    if fit_error(net, BLOBS):
        return Verdict(False, fit_error(net, BLOBS))
    if net.n_outputs != 3 or net.layers[-1].activation != "softmax":
        return Verdict(False, "three classes need three output neurons with softmax")
    m = measure(net, BLOBS)
    acc = m.get("test_accuracy")
    measured = {"test_accuracy": acc, "threshold": 0.95, "answer": sub.answer}
    if acc is None:
        return Verdict(False, "the network's outputs overflow on the data", measured)
    if acc < 0.95:
        return Verdict(False, f"Test accuracy {acc:.3f}: train it (softmax with cross-entropy) until it is ≥ 0.95.",
                       measured)
    wrong = _wrong(m["confusion_matrix"])
    if sub.answer is None:
        return Verdict(False, f"Test accuracy {acc:.3f} ✓. Now read the confusion matrix: how many test points are "
                              "off its diagonal? Type the number as your answer.", measured)
    if sub.answer != wrong:
        return Verdict(False, f"Test accuracy {acc:.3f} ✓, but {sub.answer:g} is not the number of test points off "
                              "the diagonal: add up every cell outside it (row = true class, column = predicted).",
                       measured)
    return Verdict(True, f"Test accuracy {acc:.3f}, and {wrong} test points are misclassified: right.",
                   {**measured, "misclassified": wrong})


def _three_solution() -> dict:
    body = _trained_body(BLOBS, [2, 4, 3], ["tanh", "softmax"], XY, TrainSettings("adam", 0.03, 10), 100, 1)
    body["answer"] = _wrong(measure(Network.from_dict(body["network"]), BLOBS)["confusion_matrix"])
    return body


THREE = Challenge(
    id="three-classes", title="Three classes and a confusion matrix", lesson="activations", order=8,
    goal="Classify three blobs with softmax (test accuracy ≥ 0.95), then read the confusion matrix: "
         "how many test points are misclassified?",
    hints=("Softmax turns the three outputs into probabilities that sum to 1; the biggest one is the class.",
           "One hidden layer of 4 tanh neurons, Adam 0.03, 100 epochs is enough.",
           "Misclassified = every cell of the confusion matrix outside its diagonal, added up."),
    start={"network": rounded(init.build([2, 4, 3], ["tanh", "softmax"], "xavier", 1, XY)),
           "data": data_body(BLOBS), "settings": TrainSettings("adam", 0.03, 10).body(),
           "visible": ["layers", "neurons", "activation", "train", "learning-rate", "optimizer", "speed", "inspector"]},
    make_solution=_three_solution, checker=_three, mode="weights", data=BLOBS,
    question="How many test points are off the diagonal of the confusion matrix (misclassified)?",
)


# 9. too-fast -------------------------------------------------------------------------------------------
PLANE = datasets.Spec("plane", 200, 0.0, 0, 0.5)
TOO_FAST_NET = {"features": XY, "layers": [{"activation": "linear", "weights": [[0.5, -0.3]], "biases": [0.2]}]}
TOO_FAST_EPOCHS = 100
CONVERGED = 1e-3


def _lr_run(lr: float):
    s = TrainSettings("sgd", lr, 10)
    return train(Network.from_dict(TOO_FAST_NET), PLANE, s, TOO_FAST_EPOCHS)


def _too_fast(sub: Submission) -> Verdict:
    lr1, lr2 = sub.before.settings.learning_rate, sub.settings.learning_rate
    r1, r2 = _lr_run(lr1), _lr_run(lr2)
    loss2 = (r2.metrics or {}).get("test_loss")
    ok1 = r1.status == "diverged"
    ok2 = r2.status == "ok" and loss2 is not None and loss2 <= CONVERGED
    measured = {"before_learning_rate": lr1, "before_status": r1.status,
                "before_diverged_in_epoch": r1.epoch + 1 if ok1 else None,
                "after_learning_rate": lr2, "after_status": r2.status, "after_test_loss": loss2,
                "converged_below": CONVERGED, "epochs": TOO_FAST_EPOCHS}
    parts = [{"name": "before", "passed": ok1}, {"name": "after", "passed": ok2}]
    one = (f"Part 1 ✓: learning rate {lr1:g} diverged in epoch {r1.epoch + 1}." if ok1 else
           f"Part 1: learning rate {lr1:g} did not diverge in {TOO_FAST_EPOCHS} epochs: try a much larger one.")
    if ok2:
        two = f"Part 2 ✓: learning rate {lr2:g} converged (test loss {loss2:.2g})."
    elif r2.status == "diverged":
        two = f"Part 2: learning rate {lr2:g} diverged too: make it smaller."
    else:
        two = f"Part 2: learning rate {lr2:g} left the test loss at {loss2:.3g} after {TOO_FAST_EPOCHS} epochs " \
              f"(needs ≤ {CONVERGED:g}): try a larger one that still converges."
    return Verdict(ok1 and ok2, f"{one} {two}", measured, parts)


def _lr_settings(lr: float) -> dict:
    return TrainSettings("sgd", lr, 10).body()


TOO_FAST = Challenge(
    id="too-fast", title="Too fast, then just right", lesson="training", order=9,
    goal=f"Find a learning rate at which training diverges, then one that converges within {TOO_FAST_EPOCHS} epochs "
         f"(test loss ≤ {CONVERGED:g}).",
    hints=("A step too large overshoots the bottom of the loss, further each time: the weights blow up.",
           "On this plane, plain SGD diverges somewhere between 0.03 and 0.3.",
           "Diverges: 1. Converges: 0.01."),
    start={"network": TOO_FAST_NET, "data": data_body(PLANE), "settings": _lr_settings(0.0001),
           "before": {"settings": _lr_settings(0.0001)}, "visible": ["learning-rate", "train", "speed"]},
    make_solution=lambda: {"settings": _lr_settings(0.01), "before": {"settings": _lr_settings(1.0)}},
    checker=_too_fast, needs=("settings", "before.settings"), counts=("settings.learning_rate",
                                                                      "before.settings.learning_rate"),
    mode="training", data=PLANE, epochs=TOO_FAST_EPOCHS, runs=2,
    parts=("Find a learning rate at which training diverges.", "Find one that converges."),
)


# 10. vanishing -------------------------------------------------------------------------------------------
CIRCLE = datasets.Spec("circle", 300, 0.0, 0, 0.5)
DEEP = [2, 6, 6, 6, 6, 1]
DEEP_NET = rounded(init.build(DEEP, ["sigmoid"] * 5, "xavier", 1, XY))
VANISH_SETTINGS = TrainSettings("sgd", 0.3, 10)
VANISH_EPOCHS = 200


def _same_shape(net: Network, start: dict) -> str | None:
    want = [len(lyr["biases"]) for lyr in start["layers"]]
    if shape_of(net) != want or list(net.features or []) != list(start.get("features") or []):
        return f"keep the start's layers {want} and inputs {', '.join(start.get('features') or [])}: " \
               "only activations may change"
    return None


def _acts(net: Network) -> list[str]:
    return [lyr.activation for lyr in net.layers]


def _vanishing(sub: Submission) -> Verdict:
    why = _same_shape(sub.network, DEEP_NET)
    if why:
        return Verdict(False, why)
    acts = _acts(sub.network)
    r = train(with_activations(Network.from_dict(DEEP_NET), acts), CIRCLE, VANISH_SETTINGS, VANISH_EPOCHS)
    acc = (r.metrics or {}).get("test_accuracy")
    measured = {"test_accuracy": acc, "threshold": 0.9, "epochs": VANISH_EPOCHS, "activations": ", ".join(acts),
                "status": r.status}
    if acc is not None and acc >= 0.9:
        return Verdict(True, f"With {', '.join(acts)} the network learns: test accuracy {acc:.3f} "
                             f"after {VANISH_EPOCHS} epochs.", measured)
    return Verdict(False, f"Test accuracy {acc if acc is not None else 0:.3f} after {VANISH_EPOCHS} epochs. Sigmoid's "
                          "slope is at most 0.25, so the gradient shrinks through every layer: try activations "
                          "whose slope is near 1.", measured)


VANISHING = Challenge(
    id="vanishing", title="Vanishing gradients", lesson="training", order=10,
    goal=f"This deep sigmoid network does not learn circle in {VANISH_EPOCHS} epochs: make it learn (test accuracy "
         "≥ 0.9) by changing only activations.",
    hints=("Backpropagation multiplies one activation slope per layer; sigmoid's is at most 0.25.",
           "tanh's slope is 1 at 0, relu's is 1 for positive inputs.",
           "Make the four hidden layers tanh (keep the sigmoid output)."),
    start={"network": DEEP_NET, "data": data_body(CIRCLE), "settings": VANISH_SETTINGS.body(),
           "visible": ["activation", "train", "speed", "inspector"]},
    make_solution=lambda: {"network": with_activations(Network.from_dict(DEEP_NET),
                                                       ["tanh"] * 4 + ["sigmoid"]).to_dict()},
    checker=_vanishing, counts=("network.activations",), mode="training", data=CIRCLE, epochs=VANISH_EPOCHS, runs=1,
)


# 11. overfit-then-fix ----------------------------------------------------------------------------------------
NOISY = datasets.Spec("gauss", 500, 50.0, 0, 0.1)
OVERFIT_NET = rounded(init.build([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "xavier", 1, XY))
OVERFIT_EPOCHS = 300
GAP_SHOWN, GAP_CLOSED, ACC_FLOOR = 0.1, 0.03, 0.85


def _reg_run(s: TrainSettings):
    fixed = TrainSettings("adam", 0.03, 10, s.regularization, s.regularization_rate)
    r = train(Network.from_dict(OVERFIT_NET), NOISY, fixed, OVERFIT_EPOCHS)
    m = r.metrics or {}
    gap = None if m.get("test_loss") is None else m["test_loss"] - m["train_loss"]
    return m, gap


def _reg_name(s: TrainSettings) -> str:
    return "no regularisation" if s.regularization == "none" or not s.regularization_rate else \
        f"{s.regularization.upper()} {s.regularization_rate:g}"


def _overfit(sub: Submission) -> Verdict:
    s1, s2 = sub.before.settings, sub.settings
    (m1, gap1), (m2, gap2) = _reg_run(s1), _reg_run(s2)
    acc2 = m2.get("test_accuracy")
    ok1 = gap1 is not None and gap1 >= GAP_SHOWN
    regularised = s2.regularization != "none" and s2.regularization_rate > 0
    ok2 = regularised and gap2 is not None and gap2 <= GAP_CLOSED and acc2 is not None and acc2 >= ACC_FLOOR
    measured = {"before_train_loss": m1.get("train_loss"), "before_test_loss": m1.get("test_loss"),
                "before_gap": gap1, "gap_shown": GAP_SHOWN,
                "after_train_loss": m2.get("train_loss"), "after_test_loss": m2.get("test_loss"),
                "after_gap": gap2, "gap_closed": GAP_CLOSED, "after_test_accuracy": acc2, "accuracy_floor": ACC_FLOOR,
                "epochs": OVERFIT_EPOCHS}
    parts = [{"name": "before", "passed": ok1}, {"name": "after", "passed": ok2}]
    g1 = f"{gap1:.3f}" if gap1 is not None else "?"
    one = (f"Part 1 ✓: with {_reg_name(s1)} the test loss is {g1} above the train loss." if ok1 else
           f"Part 1: with {_reg_name(s1)} the gap is only {g1} (needs ≥ {GAP_SHOWN}): train without regularisation.")
    g2 = f"{gap2:.3f}" if gap2 is not None else "?"
    if ok2:
        two = f"Part 2 ✓: {_reg_name(s2)} closes the gap to {g2} at test accuracy {acc2:.3f}."
    elif not regularised:
        two = "Part 2: choose L1 or L2 regularisation with a rate above 0."
    elif gap2 is not None and gap2 > GAP_CLOSED:
        two = f"Part 2: {_reg_name(s2)} leaves a gap of {g2} (needs ≤ {GAP_CLOSED}): a larger rate."
    else:
        two = f"Part 2: {_reg_name(s2)} closes the gap but test accuracy falls to {acc2 or 0:.3f} " \
              f"(needs ≥ {ACC_FLOOR}): too strong, the network learns nothing; a smaller rate."
    return Verdict(ok1 and ok2, f"{one} {two}", measured, parts)


def _reg_settings(kind: str, rate: float) -> dict:
    return TrainSettings("adam", 0.03, 10, kind, rate).body()


OVERFIT = Challenge(
    id="overfit-then-fix", title="Overfit, then fix it", lesson="training", order=11,
    goal=f"With 10 % training data and noise, show a test loss at least {GAP_SHOWN} above the train loss, then close "
         f"the gap below {GAP_CLOSED} with regularisation (test accuracy ≥ {ACC_FLOOR}).",
    hints=("50 noisy points and 8 + 8 tanh neurons: without regularisation the network memorises the noise.",
           "L2 adds rate·w² to the loss: it pulls every weight toward 0, so the boundary stays simple.",
           "Part 1: no regularisation. Part 2: L2 at 0.03."),
    start={"network": OVERFIT_NET, "data": data_body(NOISY), "settings": _reg_settings("none", 0.0),
           "before": {"settings": _reg_settings("none", 0.0)}, "visible": ["regularization", "train", "speed"]},
    make_solution=lambda: {"settings": _reg_settings("l2", 0.03), "before": {"settings": _reg_settings("none", 0.0)}},
    checker=_overfit, needs=("settings", "before.settings"),
    counts=("settings.regularization", "before.settings.regularization"), mode="training", data=NOISY,
    epochs=OVERFIT_EPOCHS, runs=2, parts=("Show the gap: train without regularisation.",
                                          "Close it with regularisation."),
)


# 12. linear-collapse ------------------------------------------------------------------------------------------
COLLAPSE_NET = rounded(init.build([2, 4, 4, 1], ["linear", "linear", "sigmoid"], "xavier", 1, XY))
COLLAPSE_SETTINGS = TrainSettings("adam", 0.03, 10)
COLLAPSE_EPOCHS = 200
FAILS_BELOW, SOLVED = 0.8, 0.9


def _collapse_run(acts):
    r = train(with_activations(Network.from_dict(COLLAPSE_NET), acts), CIRCLE, COLLAPSE_SETTINGS, COLLAPSE_EPOCHS)
    return (r.metrics or {}).get("test_accuracy")


def _collapse(sub: Submission) -> Verdict:
    for net in (sub.before.network, sub.network):
        why = _same_shape(net, COLLAPSE_NET)
        if why:
            return Verdict(False, why)
    a1, a2 = _acts(sub.before.network), _acts(sub.network)
    acc1, acc2 = _collapse_run(a1), _collapse_run(a2)
    linear = all(a == "linear" for a in a1[:-1])
    changed = sum(x != y for x, y in zip(a1, a2, strict=True))
    ok1 = linear and acc1 is not None and acc1 < FAILS_BELOW
    ok2 = changed == 1 and acc2 is not None and acc2 >= SOLVED
    measured = {"before_activations": ", ".join(a1), "before_test_accuracy": acc1, "fails_below": FAILS_BELOW,
                "after_activations": ", ".join(a2), "after_test_accuracy": acc2, "solved_at": SOLVED,
                "activations_changed": changed, "epochs": COLLAPSE_EPOCHS}
    parts = [{"name": "before", "passed": ok1}, {"name": "after", "passed": ok2}]
    if not linear:
        one = "Part 1: make every hidden layer linear first."
    elif ok1:
        one = f"Part 1 ✓: all linear, test accuracy {acc1:.3f}: a stack of linear layers draws one straight line."
    else:
        one = f"Part 1: test accuracy {acc1 or 0:.3f}."
    if changed != 1:
        two = f"Part 2: change exactly one activation from part 1 (you changed {changed})."
    elif ok2:
        two = f"Part 2 ✓: with {', '.join(a2)} test accuracy is {acc2:.3f}."
    else:
        two = f"Part 2: with {', '.join(a2)} test accuracy is {acc2 or 0:.3f} (needs ≥ {SOLVED}): " \
              "make a hidden layer non-linear."
    return Verdict(ok1 and ok2, f"{one} {two}", measured, parts)


def _collapse_body(acts) -> dict:
    return with_activations(Network.from_dict(COLLAPSE_NET), acts).to_dict()


LINEAR_COLLAPSE = Challenge(
    id="linear-collapse", title="A stack of linear layers is still one", lesson="network", order=12,
    goal="Show that a three-layer network with linear hidden layers cannot solve circle, then solve it "
         f"(test accuracy ≥ {SOLVED}) by changing one activation.",
    hints=("W₂(W₁x + b₁) + b₂ multiplies out to one W·x + B: one straight line, whatever the layers.",
           "A circle needs a bent boundary: one non-linear layer is enough.",
           "Part 1: as it starts. Part 2: make the first hidden layer tanh."),
    start={"network": COLLAPSE_NET, "data": data_body(CIRCLE), "settings": COLLAPSE_SETTINGS.body(),
           "before": {"network": COLLAPSE_NET}, "visible": ["activation", "train", "speed"]},
    make_solution=lambda: {"network": _collapse_body(["tanh", "linear", "sigmoid"]),
                           "before": {"network": _collapse_body(["linear", "linear", "sigmoid"])}},
    checker=_collapse, needs=("network", "before.network"),
    counts=("network.activations", "before.network.activations"),
    mode="training", data=CIRCLE, epochs=COLLAPSE_EPOCHS, runs=2,
    parts=("Train it with every hidden layer linear: it fails.", "Change one activation: it solves circle."),
)

TRAINED = (SPIRAL_SMALL, THREE, TOO_FAST, VANISHING, OVERFIT, LINEAR_COLLAPSE)

