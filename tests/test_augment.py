"""scratch.augment: the data-augmentation helpers of chapter 8."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from scratch.augment import random_augment, random_crop, rotate, shift


def picture(seed: int = 0, shape: tuple[int, ...] = (6, 7)) -> np.ndarray:
    return np.random.default_rng(seed).random(shape)


@pytest.mark.parametrize(("dy", "dx"), list(itertools.product([-2, 0, 3], [-3, 1])))
def test_shift_moves_content_and_fills_zeros(dy: int, dx: int) -> None:
    img = picture()
    out = shift(img, dy, dx)
    h, w = img.shape
    for y, x in itertools.product(range(h), range(w)):
        sy, sx = y - dy, x - dx
        expected = img[sy, sx] if 0 <= sy < h and 0 <= sx < w else 0.0
        assert out[y, x] == expected


def test_shift_out_of_the_picture_is_blank_and_input_untouched() -> None:
    img = picture()
    before = img.copy()
    assert not shift(img, 0, 7).any()
    assert not shift(img, -6, 0).any()
    np.testing.assert_array_equal(img, before)


def test_shift_works_on_batches_with_channels() -> None:
    batch = picture(shape=(3, 2, 6, 7))
    out = shift(batch, 1, -1)
    for n, c in itertools.product(range(3), range(2)):
        np.testing.assert_array_equal(out[n, c], shift(batch[n, c], 1, -1))


def test_rotate_agrees_with_rot90_and_keeps_dtype() -> None:
    batch = picture(shape=(2, 1, 5, 5)).astype(np.float32)
    np.testing.assert_allclose(rotate(batch, 90), np.rot90(batch, axes=(-2, -1)), atol=1e-6)
    np.testing.assert_allclose(rotate(batch, -90), np.rot90(batch, -1, axes=(-2, -1)), atol=1e-6)
    np.testing.assert_allclose(rotate(batch, 0), batch)
    assert rotate(batch, 33).dtype == np.float32


def test_rotate_is_counter_clockwise_and_keeps_a_centred_blob() -> None:
    img = np.zeros((9, 9))
    img[2, 4] = 1.0  # straight above the centre
    assert np.argwhere(rotate(img, 90) > 0.5).tolist() == [[4, 2]]  # now left of it
    blob = np.exp(-((np.arange(9) - 4.0) ** 2)[:, None] - ((np.arange(9) - 4.0) ** 2)[None, :])
    assert rotate(blob, 30).sum() == pytest.approx(blob.sum(), rel=0.05)


def test_random_crop_is_a_random_shift_within_pad() -> None:
    batch = picture(shape=(8, 6, 7))
    out = random_crop(batch, pad=2, rng=1)
    for img, got in zip(batch, out, strict=True):
        matches = [
            (dy, dx)
            for dy, dx in itertools.product(range(-2, 3), repeat=2)
            if np.array_equal(shift(img, dy, dx), got)
        ]
        assert matches, "each crop must be the image shifted by at most pad pixels"


def test_randomness_follows_the_seed() -> None:
    batch = picture(shape=(5, 1, 8, 8))
    np.testing.assert_array_equal(random_crop(batch, 2, rng=3), random_crop(batch, 2, rng=3))
    np.testing.assert_array_equal(random_augment(batch, rng=3), random_augment(batch, rng=3))
    assert not np.array_equal(random_augment(batch, rng=3), random_augment(batch, rng=4))
    assert random_augment(batch, rng=0).shape == batch.shape


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="shift: images must have shape"):
        shift(np.zeros(5), 1, 1)
    with pytest.raises(ValueError, match="random_crop: pad must be >= 0"):
        random_crop(np.zeros((4, 4)), -1)
