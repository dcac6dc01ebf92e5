"""Where the book's data and weights come from: file names, pinned SHA-256 sums, mirrors.

Each *collection* is one sub-directory name (``mnist``, ``fashion-mnist``, ``weights``)
with the files it holds. A file's download address is a mirror followed by its
``remote`` path; mirrors are tried in order. The hashes were checked against the real
files, so a file that matches is byte-for-byte the one the book used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FileSpec:
    """One file: its local name, pinned SHA-256 and path below a mirror."""

    name: str
    sha256: str
    remote: str = ""

    @property
    def remote_path(self) -> str:
        return self.remote or self.name


@dataclass(frozen=True)
class Collection:
    """Files kept together in one directory, downloaded from the same mirrors."""

    name: str  # sub-directory name, also used in messages
    title: str  # human name, e.g. "Fashion-MNIST"
    files: Mapping[str, FileSpec]
    mirrors: tuple[str, ...]
    system_dir: bool = True  # also look in /usr/share/datasets/<name>/
    debian_package: str = ""  # a Debian/Ubuntu package that installs the files there

    def how_to_get(self) -> str:
        """How a reader gets the files onto their machine, for messages and skip reasons."""
        ways = f"run `scratch data fetch {self.name}`"
        if self.debian_package:
            ways += f" or, on Debian/Ubuntu, `apt-get install {self.debian_package}`"
        return ways


def _files(*specs: FileSpec) -> dict[str, FileSpec]:
    return {spec.name: spec for spec in specs}


MNIST = Collection(
    name="mnist",
    title="MNIST",
    files=_files(
        FileSpec(
            "train-images-idx3-ubyte.gz",
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        ),
        FileSpec(
            "train-labels-idx1-ubyte.gz",
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        ),
        FileSpec(
            "t10k-images-idx3-ubyte.gz",
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        ),
        FileSpec(
            "t10k-labels-idx1-ubyte.gz",
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
        ),
    ),
    mirrors=(
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ),
)

FASHION_MNIST = Collection(
    name="fashion-mnist",
    title="Fashion-MNIST",
    files=_files(
        FileSpec(
            "train-images-idx3-ubyte.gz",
            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
        ),
        FileSpec(
            "train-labels-idx1-ubyte.gz",
            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
        ),
        FileSpec(
            "t10k-images-idx3-ubyte.gz",
            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
        ),
        FileSpec(
            "t10k-labels-idx1-ubyte.gz",
            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
        ),
    ),
    mirrors=("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",),
    debian_package="dataset-fashion-mnist",
)

# The book's repository replaced ch07/params.pkl and ch08/deep_convnet_params.pkl in 2022 with
# files of different content, so its `master` no longer serves the weights the book's accuracies
# (0.989, 0.9935) come from. Every address is pinned to the commit that does. The Korean
# edition's repository carries the same files: its copy of that commit is the second mirror
# (the SHA-256 check refuses anything else).
BOOK_WEIGHTS_COMMIT = "0dda3d1715e2431b76eb4089b60881948853ba2a"
BOOK_WEIGHTS_REPOSITORIES = (
    "oreilly-japan/deep-learning-from-scratch",  # the publisher's (Japanese edition)
    "WegraLee/deep-learning-from-scratch",  # the Korean edition's
)

BOOK_WEIGHTS = Collection(
    name="weights",
    title="the book's trained weights",
    files=_files(
        FileSpec(
            "sample_weight.pkl",
            "b7f55a27988ba34c3777b0f1bbd464817c8a4db855723e6ff26f703501917a13",
            "ch03/sample_weight.pkl",
        ),
        FileSpec(
            "params.pkl",
            "290ab40c1b1218b392cdc155b633a5df642d829453702fa421ce5f3c6c55f779",
            "ch07/params.pkl",
        ),
        FileSpec(
            "deep_convnet_params.pkl",
            "8c81d1d6ddedd08c8277c957f3af30a91e455a1d65474ec2b5a0e3527b7422cc",
            "ch08/deep_convnet_params.pkl",
        ),
    ),
    mirrors=tuple(
        f"https://raw.githubusercontent.com/{repository}/{BOOK_WEIGHTS_COMMIT}/"
        for repository in BOOK_WEIGHTS_REPOSITORIES
    ),
    system_dir=False,
)

# Looked up by name at call time, so tests can swap in local mirrors with monkeypatch.
COLLECTIONS: dict[str, Collection] = {c.name: c for c in (MNIST, FASHION_MNIST, BOOK_WEIGHTS)}

# The two IDX files of each split, images first.
SPLITS: dict[str, tuple[str, str]] = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


def collection(name: str) -> Collection:
    """The collection called ``name``, or a ValueError listing the known ones."""
    try:
        return COLLECTIONS[name]
    except KeyError:
        known = ", ".join(sorted(COLLECTIONS))
        raise ValueError(f"unknown collection {name!r}; known: {known}") from None
