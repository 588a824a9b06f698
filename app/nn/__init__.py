"""The pure-numpy engine: activations, networks, features, datasets, losses, training, export.

Nothing in this package imports the web layer.
"""
