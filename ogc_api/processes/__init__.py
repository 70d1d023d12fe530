"""OGC API Processes: the registry of processes (registry.py) and one module per process."""
