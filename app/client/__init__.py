"""The playground from Python: ``Playground(url)`` or ``Playground.local()``, numpy grids, Plotly figures.

Importing this package changes nothing in the process and does not import the server (``local()``
builds the app on demand). Figures: ``app.client.figures``.
"""

from app.client.grids import decode_grid
from app.client.models import Dataset, Network, Surface, TrainResult
from app.client.playground import Playground, PlaygroundError

__all__ = ["Dataset", "Network", "Playground", "PlaygroundError", "Surface", "TrainResult", "decode_grid"]
