"""Data augmentation for images (chapter 8): shifts, rotations and random crops, numpy only.

Every function takes images of shape (..., H, W) (one image, a batch, or a batch with a
channel axis) and returns new images of the same shape and dtype; pixels that come from
outside the picture are filled with zeros (the black background of MNIST). Anything random
takes ``rng``, a seed or a ``np.random.Generator``.
"""

from __future__ import annotations

import numpy as np


def _images(images: np.ndarray, name: str) -> np.ndarray:
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError(f"{name}: images must have shape (..., H, W), got shape {images.shape}")
    return images


def shift(images: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Move the content dy pixels down and dx pixels right; what enters is zero."""
    images = _images(images, "shift")
    h, w = images.shape[-2:]
    out = np.zeros_like(images)
    if abs(dy) >= h or abs(dx) >= w:
        return out
    src_y = slice(max(0, -dy), h - max(0, dy))
    src_x = slice(max(0, -dx), w - max(0, dx))
    dst_y = slice(max(0, dy), h - max(0, -dy))
    dst_x = slice(max(0, dx), w - max(0, -dx))
    out[..., dst_y, dst_x] = images[..., src_y, src_x]
    return out


def rotate(images: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise about the image centre, with bilinear interpolation.

    Each output pixel looks up where it came from (the inverse rotation) and blends the four
    input pixels around that point; points outside the image read zero.
    """
    images = _images(images, "rotate")
    h, w = images.shape[-2:]
    theta = np.deg2rad(degrees)
    cy, cx = (h - 1) / 2, (w - 1) / 2
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    # Inverse map: turn each output pixel back by -theta. Rows grow downwards, which is
    # why the signs differ from the textbook rotation matrix.
    cos, sin = np.cos(theta), np.sin(theta)
    src_y = cy + (yy - cy) * cos + (xx - cx) * sin
    src_x = cx - (yy - cy) * sin + (xx - cx) * cos
    return _bilinear(images, src_y, src_x).astype(images.dtype, copy=False)


def _bilinear(images: np.ndarray, y: np.ndarray, x: np.ndarray) -> np.ndarray:
    h, w = images.shape[-2:]
    padded = np.zeros((*images.shape[:-2], h + 2, w + 2), dtype=np.float64)
    padded[..., 1:-1, 1:-1] = images  # a zero border: outside points read zero
    y = np.clip(y + 1, 0, h + 1)
    x = np.clip(x + 1, 0, w + 1)
    y0 = np.minimum(np.floor(y).astype(int), h)
    x0 = np.minimum(np.floor(x).astype(int), w)
    fy, fx = y - y0, x - x0
    top = padded[..., y0, x0] * (1 - fx) + padded[..., y0, x0 + 1] * fx
    bottom = padded[..., y0 + 1, x0] * (1 - fx) + padded[..., y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def random_crop(
    images: np.ndarray, pad: int, rng: int | np.random.Generator | None = None
) -> np.ndarray:
    """Pad each image by ``pad`` zeros on every side, then cut an H x W window at random.

    This is a random shift by up to ``pad`` pixels in each direction, drawn per image.
    """
    images = _images(images, "random_crop")
    if pad < 0:
        raise ValueError(f"random_crop: pad must be >= 0, got {pad}")
    rng = np.random.default_rng(rng)
    flat = images.reshape(-1, *images.shape[-2:])
    offsets = rng.integers(-pad, pad + 1, size=(len(flat), 2))
    out = np.stack(
        [shift(img, int(dy), int(dx)) for img, (dy, dx) in zip(flat, offsets, strict=True)]
    )
    return out.reshape(images.shape)


def random_augment(
    images: np.ndarray,
    rng: int | np.random.Generator | None = None,
    max_shift: int = 2,
    max_degrees: float = 15.0,
) -> np.ndarray:
    """A random rotation in [-max_degrees, max_degrees] and shift, drawn per image."""
    images = _images(images, "random_augment")
    rng = np.random.default_rng(rng)
    flat = images.reshape(-1, *images.shape[-2:])
    angles = rng.uniform(-max_degrees, max_degrees, size=len(flat))
    rotated = np.stack([rotate(img, angle) for img, angle in zip(flat, angles, strict=True)])
    return random_crop(rotated, max_shift, rng).reshape(images.shape)
