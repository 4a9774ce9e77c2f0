"""Translation behind one small protocol, with backends loaded lazily from a registry.

- protocol.py: `Translator` (signature + translate), `token_counter` for the optional count.
- registry.py: backends by name, `load_translator`, `open_translator` (with the cache).
- model_ref.py: `ModelRef`, a model folder or hub id, and the one hub look-up.
- marian_common.py: what both Marian backends share; marian.py and ct2.py are the backends.
- cache.py: the SQLite translation cache; quality.py: flags on suspect translations.

torch, transformers and ctranslate2 are imported inside the backend modules on first use, so
`summariser --help` and the review/export commands start without them.
"""

from .marian_common import (
    MARIAN_FILES,
    MarianTokens,
    new_token_limits,
    set_threads,
    token_batches,
)
from .model_ref import ModelRef
from .protocol import Notice, Progress, TokenCounter, Translator, token_counter
from .registry import (
    Backend,
    backend_names,
    backend_unavailable,
    load_translator,
    open_translator,
    register,
    registered,
    resolve_backend,
)

__all__ = [
    "MARIAN_FILES",
    "Backend",
    "MarianTokens",
    "ModelRef",
    "Notice",
    "Progress",
    "TokenCounter",
    "Translator",
    "backend_names",
    "backend_unavailable",
    "load_translator",
    "new_token_limits",
    "open_translator",
    "register",
    "registered",
    "resolve_backend",
    "set_threads",
    "token_batches",
    "token_counter",
]
