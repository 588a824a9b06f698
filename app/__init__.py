"""Neuron Playground: a visual neural-network playground for the classroom.

Importing the package changes nothing in the process (no environment variables, no allocator
settings): the server tunes its own processes where it starts (see ``app.tuning``).
"""

__version__ = "0.1.0"
