"""Datasets: every name, seeded, noise, split fractions, class counts, ranges."""

from __future__ import annotations

import numpy as np
import pytest

from app.nn import datasets as D

TWO_D = [n for n in D.NAMES if n != "tumour"]


def test_every_name_and_its_facts():
    assert set(D.NAMES) == {"circle", "xor", "gauss", "spiral", "blobs3", "blobs4", "blobs5", "spiral3",
                            "plane", "multi_gauss", "tumour"}
    for name in ("circle", "xor", "gauss", "spiral"):
        assert (D.INFOS[name].task, D.INFOS[name].classes, D.INFOS[name].default_n) == ("classification", 2, 500)
    for name, k in (("blobs3", 3), ("blobs4", 4), ("blobs5", 5), ("spiral3", 3)):
        assert (D.INFOS[name].task, D.INFOS[name].classes) == ("classification", k)
    for name in ("plane", "multi_gauss"):
        assert (D.INFOS[name].task, D.INFOS[name].classes, D.INFOS[name].default_n) == ("regression", 0, 1200)
    t = D.INFOS["tumour"]
    assert (t.task, t.classes, t.inputs) == ("classification", 2, 3)
    assert t.input_names == ("cell size", "cell shape", "clump thickness")
    for info in D.INFOS.values():
        assert info.description
        assert len(info.input_names) == info.inputs


@pytest.mark.parametrize("name", D.NAMES)
@pytest.mark.parametrize("noise", [0, 50])
def test_shapes_default_sizes_labels_and_ranges(name, noise):
    info = D.INFOS[name]
    for seed in range(3):
        d = D.generate(name, noise=noise, seed=seed)
        assert d.points.shape == (info.default_n, info.inputs)
        assert d.labels.shape == (info.default_n,)
        assert np.all(np.isfinite(d.points)) and np.all(np.isfinite(d.labels))
        if name == "tumour":
            assert d.points.min() >= 0 and d.points.max() <= 1
        else:
            assert np.abs(d.points).max() <= 6, f"{name} noise {noise} seed {seed}: points outside [-6, 6]²"
        if info.task == "classification":
            assert set(np.unique(d.labels)) == set(range(info.classes))
            assert d.labels.dtype.kind == "i"
        else:
            assert d.labels.dtype.kind == "f"


@pytest.mark.parametrize("name", D.NAMES)
def test_seeded(name):
    a, b = D.generate(name, 100, 10, 42), D.generate(name, 100, 10, 42)
    np.testing.assert_array_equal(a.points, b.points)
    np.testing.assert_array_equal(a.labels, b.labels)
    c = D.generate(name, 100, 10, 43)
    assert not np.array_equal(a.points, c.points)


@pytest.mark.parametrize("name", D.NAMES)
def test_noise_changes_points_or_labels(name):
    clean, noisy = D.generate(name, 300, 0, 1), D.generate(name, 300, 40, 1)
    assert not (np.array_equal(clean.points, noisy.points) and np.array_equal(clean.labels, noisy.labels))


@pytest.mark.parametrize("name", ["circle", "xor"])
def test_noise_flips_some_labels_of_label_noise_sets(name):
    # circle and xor keep their points and perturb the position used for the label (as TF Playground)
    clean, noisy = D.generate(name, 500, 0, 1), D.generate(name, 500, 50, 1)
    flipped = np.mean(clean.labels != noisy.labels)
    assert 0.02 < flipped < 0.5


def test_clean_geometry():
    c = D.generate("circle", 400, 0, 0)
    r = np.hypot(*c.points.T)
    assert np.all(r[c.labels == 1] < 2.5) and np.all(r[c.labels == 0] >= 3.5)
    x = D.generate("xor", 400, 0, 0)
    np.testing.assert_array_equal(x.labels, (x.points[:, 0] * x.points[:, 1] >= 0).astype(int))
    assert np.abs(x.points).min() >= 0.3  # the padding around the axes
    g = D.generate("gauss", 400, 0, 0)
    np.testing.assert_allclose(g.points[g.labels == 1].mean(axis=0), [2, 2], atol=0.2)
    np.testing.assert_allclose(g.points[g.labels == 0].mean(axis=0), [-2, -2], atol=0.2)
    p = D.generate("plane", 400, 0, 0)
    np.testing.assert_allclose(p.labels, p.points.sum(axis=1) / 10)
    m = D.generate("multi_gauss", 400, 0, 0)
    assert np.abs(m.labels).max() <= 1


@pytest.mark.parametrize(("name", "counts"), [
    ("circle", [250, 250]), ("xor", None), ("gauss", [250, 250]), ("spiral", [250, 250]),
    ("blobs3", [167, 167, 166]), ("blobs4", [125] * 4), ("blobs5", [100] * 5), ("spiral3", [200] * 3),
    ("tumour", [100, 100]),
])
def test_class_counts(name, counts):
    d = D.generate(name, seed=3)
    got = np.bincount(d.labels)
    if counts is None:
        assert abs(got[0] - got[1]) < 60
    else:
        assert got.tolist() == counts


@pytest.mark.parametrize("fraction", [0.05, 0.1, 0.3, 0.5, 0.77, 0.9, 1.0])
def test_split_fractions(fraction):
    d = D.generate("spiral", 200, 0, 0)
    (trx, trl), (tex, tel) = d.split(fraction, 0)
    assert len(trx) == len(trl) == round(fraction * 200)
    assert len(tex) == len(tel) == 200 - len(trx)
    # a partition: every point exactly once
    both = np.r_[trx, tex]
    assert sorted(map(tuple, both)) == sorted(map(tuple, d.points))


def test_split_is_seeded_and_mixes_classes():
    d = D.generate("gauss", 200, 0, 0)
    (a, _), _ = d.split(0.5, 1)
    (b, _), _ = d.split(0.5, 1)
    (c, _), _ = d.split(0.5, 2)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    (_, trl), _ = d.split(0.5, 1)
    assert 30 < trl.sum() < 70  # shuffled, not the first half (all one class)


def test_split_never_leaves_training_empty():
    d = D.generate("xor", 10, 0, 0)
    (trx, _), _ = d.split(0.01, 0)
    assert len(trx) == 1


def test_errors():
    with pytest.raises(KeyError) as info:
        D.generate("moons")
    assert all(n in str(info.value) for n in D.NAMES)
    with pytest.raises(ValueError):
        D.generate("xor", 1)


@pytest.mark.parametrize("n", [2, 3, 7, 101])
def test_odd_sizes(n):
    for name in D.NAMES:
        d = D.generate(name, n, 0, 0)
        assert len(d.labels) == n == len(d.points)


def test_a_generated_dataset_is_cached_by_its_spec_and_read_only():
    a = D.generate("spiral", 120, 10, 3)
    assert D.generate("spiral", 120, 10.0, 3) is a  # same spec (10 == 10.0): the same arrays, no work
    assert D.generate("spiral", 120, 10, 4) is not a
    for arr in (a.points, a.labels):
        assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0
    spec = D.Spec("xor", 100, 0, 1, 0.6)
    first = D.load(spec)
    assert D.load(D.Spec("xor", 100, 0, 1, 0.6)) is first
    data, (trx, trl), (tex, tel) = first
    (wx, wl), (vx, vl) = data.split(0.6, 1)
    np.testing.assert_array_equal(trx, wx)
    np.testing.assert_array_equal(tel, vl)
    assert not (trx.flags.writeable or tel.flags.writeable)


def test_training_on_a_cached_dataset_leaves_it_unchanged():
    from app.nn import compiled, init, training
    from app.nn.optimizers import Optimizer

    data, train, test = D.load(D.Spec("plane", 60, 0, 0, 0.5))
    before = train[0].copy()
    net = init.build([2, 3, 1], ["tanh", "linear"], "xavier", 0)  # no features: the points feed layer 0 as is
    cfg = training.TrainConfig(task="regression", epochs=2)
    fast = compiled.train(net, Optimizer("adam", 0.03), *train, *test, cfg)
    ref = training.train(net, Optimizer("adam", 0.03), *train, *test, cfg)
    np.testing.assert_allclose(fast.network.params, ref.network.params, atol=1e-12, rtol=0)
    np.testing.assert_array_equal(train[0], before)
