"""Speed and memory of scratch against PyTorch on the CPU; see README.md."""
