"""The IDX file format of MNIST and Fashion-MNIST, read and written with checks.

An IDX file is a 4-byte magic number ``0x0000TTNN`` (``TT`` the element type, ``NN``
the number of dimensions), then ``NN`` big-endian 32-bit sizes, then the elements in C
order. MNIST labels are ``0x00000801`` (uint8, one dimension) and images ``0x00000803``
(uint8, count x rows x columns). Files may be gzip-compressed; we tell by their first
two bytes, not by their name.
"""

from __future__ import annotations

import gzip
import math
import os
import zlib
from io import BufferedIOBase
from pathlib import Path

import numpy as np

# Element type codes of the IDX format; multi-byte types are big-endian.
IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


def _open(path: Path) -> BufferedIOBase:
    with path.open("rb") as f:
        gzipped = f.read(2) == _GZIP_MAGIC
    return gzip.open(path, "rb") if gzipped else path.open("rb")


def _read(f: BufferedIOBase, n: int) -> bytes:
    """Up to n bytes, in chunks: never more memory than the data that is really there."""
    chunks = bytearray()
    while len(chunks) < n:
        chunk = f.read(min(_CHUNK, n - len(chunks)))
        if not chunk:
            break
        chunks += chunk
    return bytes(chunks)


def read_idx(path: str | os.PathLike[str], ndim: int | None = None) -> np.ndarray:
    """Parse an IDX file (plain or gzip) into an array of its shape and native dtype.

    ``ndim``, when given, is the number of dimensions the caller expects (1 for labels,
    3 for images); anything else is a ``ValueError`` naming the file. The header's
    dimensions bound how much is read (and decompressed): a file holding more is refused
    after one byte too many.
    """
    path = Path(path)
    try:
        with _open(path) as f:
            return _parse(path, f, ndim)
    except (EOFError, OSError, zlib.error) as exc:
        raise ValueError(f"{path}: broken or truncated gzip data ({exc})") from None


def _parse(path: Path, f: BufferedIOBase, ndim: int | None) -> np.ndarray:
    data = _read(f, 4)
    if len(data) < 4:
        raise ValueError(f"{path}: too short to be an IDX file ({len(data)} bytes)")
    magic = int.from_bytes(data[:4], "big")
    zero, type_code, dims = data[0:2], data[2], data[3]
    if zero != b"\x00\x00" or type_code not in IDX_DTYPES or dims == 0:
        raise ValueError(f"{path}: not an IDX file (magic number 0x{magic:08x})")
    if ndim is not None and dims != ndim:
        raise ValueError(
            f"{path}: magic number 0x{magic:08x} says {dims} dimension(s), expected {ndim} "
            f"(0x{0x0800 | ndim:08x})"
        )
    header = 4 + 4 * dims
    data += _read(f, 4 * dims)
    if len(data) < header:
        raise ValueError(f"{path}: truncated header ({len(data)} of {header} bytes)")
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims))
    dtype = IDX_DTYPES[type_code]
    expected = math.prod(shape) * dtype.itemsize
    body = _read(f, expected + 1)  # one byte more tells trailing data from the end
    if len(body) != expected:
        problem = "truncated" if len(body) < expected else "has trailing bytes"
        found = f"found {len(body)}" if len(body) < expected else "found more"
        raise ValueError(
            f"{path}: {problem}: dimensions {shape} need {expected} bytes of data, {found}"
        )
    array = np.frombuffer(body, dtype=dtype).reshape(shape)
    # Native byte order and a writable copy: callers may modify what they get.
    return array.astype(dtype.newbyteorder("="))


def write_idx(path: str | os.PathLike[str], array: np.ndarray) -> Path:
    """Write ``array`` as an IDX file, gzip-compressed if the name ends in ``.gz``."""
    path = Path(path)
    array = np.asarray(array)
    codes = {dtype.newbyteorder("="): code for code, dtype in IDX_DTYPES.items()}
    native = array.dtype.newbyteorder("=")
    if native not in codes or array.ndim == 0 or array.ndim > 255:
        raise ValueError(
            f"write_idx: cannot store an array of {array.dtype} with shape {array.shape}"
        )
    code = codes[native]
    header = bytes([0, 0, code, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape
    )
    body = np.ascontiguousarray(array, dtype=IDX_DTYPES[code]).tobytes()
    payload = header + body
    path.write_bytes(gzip.compress(payload, mtime=0) if path.suffix == ".gz" else payload)
    return path
