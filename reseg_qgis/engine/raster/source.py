"""Reading the input raster as RGB uint8 for the models, read-only.

- Bands: a choice of 1 or 3 bands; by default 1–3, or band 1 repeated for one-band rasters.
- Values: uint8 is used as it is; other types get a per-band 2–98 percentile stretch computed from
  a decimated sample of the processed area, nodata excluded.
- Nodata: the nodata value, NaN and the dataset mask make a pixel invalid; invalid pixels enter no
  statistic, are shown to the models as black, and come out as 0.
- Area and scale: an optional extent (in the raster's CRS) and a processing scale, so objects reach
  the size CLIP sees. The processing grid is the raster's (or the extent's), resampled by the scale.
"""

from __future__ import annotations

import math
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import rasterio
from affine import Affine
from rasterio.enums import Resampling
from rasterio.windows import Window, from_bounds

from ..limits import SettingError, check_grid, check_settings, check_sieve
from ..translatable import ResegError
from . import messages

STATS_SAMPLE = 1024  # longest side of the decimated read the stretch is computed from
STRETCH_PERCENTILES = (2.0, 98.0)


class RasterInputError(ResegError):
    """The input cannot be processed as asked; the message (a template of messages.py) says what to
    change."""


class RasterSettingError(RasterInputError, SettingError):
    """A setting that does not fit this raster (its grid); a :class:`SettingError`'s message."""


def gdal_cause(error: BaseException) -> str:
    """The messages GDAL gave under rasterio's "See previous exception for details", innermost last; one
    said again inside an earlier one (pyogrio quotes GDAL's) once."""
    messages, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        text = str(error).strip()
        if text and "See previous exception" not in text and not any(text in said for said in messages):
            messages.append(text)
        error = error.__cause__ or error.__context__
    return "; ".join(messages) or "GDAL gave no reason"


@dataclass(frozen=True)
class Stretch:
    low: np.ndarray  # per chosen band
    high: np.ndarray

    def apply(self, values: np.ndarray) -> np.ndarray:
        """(bands, h, w) values → uint8, linear between the percentiles, clipped."""
        low = self.low.reshape(-1, 1, 1)
        span = np.maximum(self.high - self.low, 1e-12).reshape(-1, 1, 1)
        scaled = (values.astype(np.float32) - low) * (255.0 / span)
        return np.clip(scaled, 0, 255).round().astype(np.uint8)


def choose_bands(count: int, bands: list[int] | None) -> list[int]:
    """1-based bands to read as R, G, B."""
    if not bands:
        if count >= 3:
            return [1, 2, 3]
        if count == 1:
            return [1, 1, 1]
        raise RasterInputError(messages.BAND_CHOICE, count=count)
    bad = [band for band in bands if not 1 <= band <= count]
    if bad:
        raise RasterInputError(messages.NO_SUCH_BAND, band=bad[0], count=count)
    if len(bands) == 1:
        return list(bands) * 3
    if len(bands) != 3:
        raise RasterInputError(messages.BANDS_CHOSEN, count=len(bands))
    return list(bands)


class RasterSource:
    """An open input raster with the processing grid; use as a context manager."""

    def __init__(self, path: str, bands: list[int] | None = None,
                 extent: tuple[float, float, float, float] | None = None,
                 scale: float | None = None, resolution: float | None = None,
                 statistics: bool = True, stretch: Stretch | None = None,
                 max_pixels: int | None = None) -> None:
        """``statistics=False`` opens the raster and checks its processing grid without reading
        pixels (no stretch; :meth:`read_statistics` reads it later): a check before models load. A
        ``stretch`` computed before (by the client of a cluster run) is used instead of reading the
        statistics again."""
        self.path = str(path)
        self._lock = threading.Lock()  # GDAL reads one dataset from one thread at a time
        self._reader: ThreadPoolExecutor | None = None
        self._ahead: dict[tuple[int, int, int, int], Future] = {}
        try:
            self.dataset = rasterio.open(self.path, "r")
        except rasterio.errors.RasterioIOError as error:
            raise RasterInputError(messages.CANNOT_OPEN, path=self.path, reason=str(error)) from error
        try:
            self._setup(bands, extent, scale, resolution, statistics and stretch is None, max_pixels)
            if stretch is not None and self.source_dtype != "uint8":
                self.stretch = stretch
        except Exception:
            self.dataset.close()
            raise

    def _setup(self, bands, extent, scale, resolution, statistics, max_pixels) -> None:
        ds = self.dataset
        if ds.width == 0 or ds.height == 0:
            raise RasterInputError(messages.NO_PIXELS, path=self.path)
        self.bands = choose_bands(ds.count, bands)
        dtypes = {ds.dtypes[band - 1] for band in self.bands}
        self.source_dtype = dtypes.pop() if len(dtypes) == 1 else "mixed"
        self.transform: Affine = ds.transform
        if self.transform.is_identity and (ds.gcps[0] or ds.rpcs):
            raise RasterInputError(messages.BY_GCPS if ds.gcps[0] else messages.BY_RPCS, path=self.path)
        self.rotated = not (self.transform.b == 0 and self.transform.d == 0)
        self.window = Window(0, 0, ds.width, ds.height)
        if extent is not None:
            self.window = self._extent_window(extent)
        factor_x, factor_y = self._factors(scale, resolution)
        self.height = max(1, round(self.window.height * factor_y))
        self.width = max(1, round(self.window.width * factor_x))
        try:
            check_grid(self.width, self.height, max(factor_x, factor_y), resolution, max_pixels)
        except SettingError as error:
            raise RasterSettingError(error.template, **error.values) from None
        # Exact pixel sizes of the processing grid, in source pixels.
        self.step_x = self.window.width / self.width
        self.step_y = self.window.height / self.height
        base = self.transform @ Affine.translation(self.window.col_off, self.window.row_off)
        self.output_transform = base @ Affine.scale(self.step_x, self.step_y)
        self.crs = ds.crs
        self.stretch: Stretch | None = None
        if statistics:
            self.read_statistics()

    def read_statistics(self) -> None:
        """The stretch of a raster that is not 8-bit, where it is not read yet."""
        if self.stretch is None and self.source_dtype != "uint8":
            self.stretch = self._stretch()

    def check_sieve(self, sieve) -> None:
        """Refuse a minimum mapping unit of more pixels than the processing grid holds."""
        try:
            check_sieve(sieve, self.width, self.height)
        except SettingError as error:
            raise RasterSettingError(error.template, **error.values) from None

    def _extent_window(self, extent) -> Window:
        if self.rotated:
            raise RasterInputError(messages.ROTATED_EXTENT)
        xmin, ymin, xmax, ymax = extent
        if xmin >= xmax or ymin >= ymax:
            raise RasterInputError(messages.EMPTY_EXTENT)
        window = from_bounds(xmin, ymin, xmax, ymax, transform=self.transform)
        col0, row0 = max(0, math.floor(window.col_off + 1e-9)), max(0, math.floor(window.row_off + 1e-9))
        col1 = min(self.dataset.width, math.ceil(window.col_off + window.width - 1e-9))
        row1 = min(self.dataset.height, math.ceil(window.row_off + window.height - 1e-9))
        if col1 <= col0 or row1 <= row0:
            raise RasterInputError(messages.NO_OVERLAP)
        return Window(col0, row0, col1 - col0, row1 - row0)

    def _factors(self, scale, resolution) -> tuple[float, float]:
        try:
            check_settings(scale=scale, resolution=resolution)
        except SettingError as error:
            raise RasterSettingError(error.template, **error.values) from None
        if scale is not None:
            return scale, scale
        if resolution is not None:
            size_x = math.hypot(self.transform.a, self.transform.d)
            size_y = math.hypot(self.transform.b, self.transform.e)
            return size_x / resolution, size_y / resolution
        return 1.0, 1.0

    # Reading.

    def _read(self, rows: tuple[int, int], cols: tuple[int, int],
              out_shape: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Raw values (bands, h, w) and the valid mask of processing rows/columns inside the grid."""
        (r0, r1), (c0, c1) = rows, cols
        window = Window(self.window.col_off + c0 * self.step_x, self.window.row_off + r0 * self.step_y,
                        (c1 - c0) * self.step_x, (r1 - r0) * self.step_y)
        shape = out_shape or (r1 - r0, c1 - c0)
        unique = sorted(set(self.bands))
        resampling = Resampling.nearest if (self.step_x, self.step_y) == (1.0, 1.0) else Resampling.bilinear
        try:
            data = self.dataset.read(unique, window=window, out_shape=(len(unique), *shape), masked=True,
                                     resampling=resampling)
        except rasterio.errors.RasterioError as error:
            raise RasterInputError(messages.CANNOT_READ, path=self.path, first=int(r0), last=int(r1),
                                   cause=gdal_cause(error)) from error
        values = np.ma.getdata(data)
        invalid = np.ma.getmaskarray(data).any(axis=0)
        if values.dtype.kind == "f":
            invalid |= ~np.isfinite(values).all(axis=0)
        order = [unique.index(band) for band in self.bands]
        return values[order], ~invalid

    def _stretch(self) -> Stretch:
        longest = max(self.height, self.width)
        factor = min(1.0, STATS_SAMPLE / longest)
        shape = (max(1, round(self.height * factor)), max(1, round(self.width * factor)))
        values, valid = self._read((0, self.height), (0, self.width), out_shape=shape)
        if not valid.any():
            raise RasterInputError(messages.ONLY_NODATA, path=self.path)
        samples = values[:, valid].astype(np.float64)
        low, high = np.percentile(samples, STRETCH_PERCENTILES, axis=1)
        return Stretch(low.astype(np.float32), high.astype(np.float32))

    def prefetch(self, top: int, left: int, height: int, width: int) -> None:
        """Start reading a window on the source's reader thread; :meth:`read_rgb` of the same window
        takes it from there, so the read overlaps with the work in between."""
        key = (top, left, height, width)
        if key in self._ahead:
            return
        if self._reader is None:
            self._reader = ThreadPoolExecutor(1, thread_name_prefix="reseg-read")
        options = rasterio.env.getenv() if rasterio.env.hasenv() else {}
        self._ahead[key] = self._reader.submit(self._read_in_env, options, key)

    def _read_in_env(self, options: dict, key: tuple[int, int, int, int]) -> tuple[np.ndarray, np.ndarray]:
        with rasterio.Env(**options):
            return self._read_rgb(*key)

    def read_rgb(self, top: int, left: int, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
        """RGB uint8 (height, width, 3) and valid mask of a window of the processing grid.

        The window may reach outside the grid; the outside is filled by reflecting the inside, and is
        marked invalid.
        """
        ahead = self._ahead.pop((top, left, height, width), None)
        return ahead.result() if ahead is not None else self._read_rgb(top, left, height, width)

    def _read_rgb(self, top: int, left: int, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
        r0, r1 = max(0, top), min(self.height, top + height)
        c0, c1 = max(0, left), min(self.width, left + width)
        rgb = np.zeros((height, width, 3), dtype=np.uint8)
        valid = np.zeros((height, width), dtype=bool)
        if r1 <= r0 or c1 <= c0:
            return rgb, valid
        with self._lock:
            values, inside_valid = self._read((r0, r1), (c0, c1))
        values = np.where(inside_valid, values, 0)
        inside = values.astype(np.uint8) if self.stretch is None else self.stretch.apply(values)
        inside[:, ~inside_valid] = 0
        pads = ((r0 - top, top + height - r1), (c0 - left, left + width - c1))
        padded = np.stack([_reflect(band, pads) for band in inside], axis=-1)
        rgb[...] = padded
        valid[r0 - top:r1 - top, c0 - left:c1 - left] = inside_valid
        return rgb, valid

    def close(self) -> None:
        if self._reader is not None:
            for ahead in self._ahead.values():
                ahead.cancel()
            self._reader.shutdown(wait=True)
            self._reader = None
            self._ahead.clear()
        self.dataset.close()

    def __enter__(self) -> RasterSource:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _reflect(band: np.ndarray, pads) -> np.ndarray:
    if all(p == 0 for pair in pads for p in pair):
        return band
    mode = "reflect" if min(band.shape) > 1 else "edge"
    return np.pad(band, pads, mode=mode)
