# Loaded by Python at start-up when this folder is on PYTHONPATH: times each
# epoch of every keras Model.fit (validation included, as Keras reports it)
# without touching the article's program, and writes the times as JSON to
# $LEV_EPOCH_TIMES when the program exits.
import atexit
import json
import os
import time

_times = []


def _install():
    try:
        import keras
    except Exception:
        return

    class _EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self._t = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            _times.append(time.perf_counter() - self._t)

    fit = keras.Model.fit

    def timed_fit(self, *args, **kwargs):
        kwargs["callbacks"] = list(kwargs.get("callbacks") or []) + [_EpochTimer()]
        return fit(self, *args, **kwargs)

    keras.Model.fit = timed_fit


# The program imports keras anyway (tensorflow.keras is keras 3); importing it
# here first lets fit be wrapped before the program runs.
if os.environ.get("LEV_EPOCH_TIMES"):
    _install()


@atexit.register
def _write():
    out = os.environ.get("LEV_EPOCH_TIMES")
    if out:
        with open(out, "w") as f:
            json.dump(_times, f)
