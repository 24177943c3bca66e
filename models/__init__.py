"""The model registry (registry.toml). Shipped inside the package as ``auditor._models``; holds no weights."""
