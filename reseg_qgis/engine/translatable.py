"""What the engine tells a user, in words the plugin shows translated.

- ``QT_TRANSLATE_NOOP("engine", …)`` marks a text: pylupdate5 collects each call into the translations,
  and the QGIS side translates the template under that context (engine_texts.py). The engine stays free
  of Qt.
- :class:`ResegError` is an error a user can act on: its message is such a template and its values.
  Front ends catch it by name; any other exception is a fault of ours and surfaces as an internal error,
  with its traceback.

Plain Python: QGIS's side imports it without torch.
"""

from __future__ import annotations

CONTEXT = "engine"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name pylupdate5 looks for)
    return text


class ResegError(Exception):
    """An error whose message is ``template`` formatted with ``values``; the message says what to do."""

    def __init__(self, template: str, **values) -> None:
        super().__init__(template.format(**values))
        self.template, self.values = template, values

    def __reduce__(self):
        # Pickled (a cluster worker's error reaches the client) without formatting the message again.
        return _restored, (type(self), self.args, self.__dict__)


def _restored(kind: type[ResegError], args: tuple, state: dict) -> ResegError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


def followed(first: ResegError, template: str, **values) -> ResegError:
    """An error of ``first``'s kind saying ``first``'s message, then ``template`` of ``values``. Both stay
    translatable: ``first``'s template and values, the second part under ``then`` in its values."""
    error = _restored(type(first), (f"{first} {template.format(**values)}",), dict(first.__dict__))
    error.values = {**first.values, "then": [{"template": template, "values": values}]}
    return error


def chosen(choices, name: str, what: str):
    """``choices[name]``, else a :class:`ResegError` naming the ``what`` asked for and those there are."""
    try:
        return choices[name]
    except KeyError:
        raise ResegError("Unknown {what} {name!r}; choose one of {choices}.", what=what, name=name,
                         choices=", ".join(choices)) from None
