"""The errors of downloading, importing, adding and checking model weights, as templates the QGIS side
translates (engine_texts.py). Plain Python: QGIS imports it without torch."""

from ..translatable import QT_TRANSLATE_NOOP

# Downloads (downloads.py). What to do without internet depends on where the user is (the command line,
# QGIS), so each front end says it after these facts (cli.py, the plugin's weights texts).
REFUSED = QT_TRANSLATE_NOOP("engine", "The server refused access to {url} (HTTP {code}).")
HTTP_FAILED = QT_TRANSLATE_NOOP("engine", "Downloading {url} failed: HTTP {code} {reason}. The file may "
                                          "have moved.")
NO_CONNECTION = QT_TRANSLATE_NOOP("engine", "Cannot connect to {host}: {reason}.")
CANNOT_WRITE = QT_TRANSLATE_NOOP("engine", "Cannot write {path}: {reason}. Free some disk space, or choose "
                                           "another model cache folder.")
WRONG_RANGE = QT_TRANSLATE_NOOP("engine", "{url} answered a resume request with the wrong range.")
BROKE_OFF = QT_TRANSLATE_NOOP("engine", "The transfer of {url} broke off after {received} bytes ({cause}). "
                                        "Run the download again to resume.")
DOWNLOAD_CANCELLED = QT_TRANSLATE_NOOP("engine", "Download cancelled; run it again to resume.")
SERVER_SIZE = QT_TRANSLATE_NOOP("engine", "The download of {url} does not match: the server's file is "
                                          "{total} bytes, {expected} were published. Nothing was kept; try "
                                          "again later, or import a verified copy.")
ARRIVED_SIZE = QT_TRANSLATE_NOOP("engine", "The download of {url} does not match: {received} bytes arrived, "
                                           "{expected} were published. Nothing was kept; try again later, "
                                           "or import a verified copy.")
ARRIVED_SHA256 = QT_TRANSLATE_NOOP("engine", "The download of {url} does not match: its sha256 is {digest}, "
                                             "the published one is {expected}. Nothing was kept; try again "
                                             "later, or import a verified copy.")
FILES_TO_FETCH = QT_TRANSLATE_NOOP("engine", "Files to fetch: {files}.")
UNREACHABLE = (REFUSED, HTTP_FAILED, NO_CONNECTION)  # the front end adds how to import the files instead
IMPORT_BY_COMMAND = ("Where this computer has no internet, fetch the files on one that has, then import "
                     "them: python -m reseg_qgis.engine models import FOLDER.")

# The model cache (store.py, registry.py, loading.py).
MISSING = QT_TRANSLATE_NOOP("engine", "Model weights are not installed: {names}. Allow downloads to fetch "
                                      "them into {cache}, or import the published files from a folder "
                                      "(python -m reseg_qgis.engine models import FOLDER, or the plugin's "
                                      "weights manager).")
MISSING_FILES = QT_TRANSLATE_NOOP("engine", "Model weights are not installed: {names}. Allow downloads to "
                                            "fetch them into {cache}, or import the published files from a "
                                            "folder (python -m reseg_qgis.engine models import FOLDER, or "
                                            "the plugin's weights manager). Files to fetch: {files}.")
IN_PLUGIN = QT_TRANSLATE_NOOP("engine", "The model cache {folder} lies inside the plugin folder, which QGIS "
                                        "replaces on every upgrade; choose a folder outside it.")
MANIFEST_DAMAGED = QT_TRANSLATE_NOOP("engine", "The model cache manifest {path} is damaged ({cause}); "
                                               "delete it and import or download the models again.")
NOT_THE_ARCHIVE = QT_TRANSLATE_NOOP("engine", "{name} is not the published archive ({cause}); nothing was "
                                              "kept.")
CHANGED = QT_TRANSLATE_NOOP("engine", "The cached weights {path} of {title} ({name}) have changed since "
                                      "they were verified: sha256 {digest}, recorded {expected}. Delete the "
                                      "file, then download it again (python -m reseg_qgis.engine models "
                                      "download {name}, or ReSeg ▸ Settings and weights ▸ Download "
                                      "selected), or import the published file.")
CHANGED_ADDED = QT_TRANSLATE_NOOP("engine", "The cached weights {path} of {title} ({name}) have changed "
                                            "since they were verified: sha256 {digest}, recorded "
                                            "{expected}. Delete the file, then add it again from its file "
                                            "(models add), or import the published file.")
NOTHING_TO_DOWNLOAD = QT_TRANSLATE_NOOP("engine", "{name} is a model you added from a file; it has nothing "
                                                  "to download. Add it again from its file.")
BAD_NAME = QT_TRANSLATE_NOOP("engine", "{name!r}: use 2-63 lower-case letters, digits, '.', '_' or '-', "
                                       "beginning with a letter or digit.")
PUBLISHED_NAME = QT_TRANSLATE_NOOP("engine", "{name} is a published model's name; choose another.")
KIND = QT_TRANSLATE_NOOP("engine", "The kind must be clip or sam.")
NOT_ADDED = QT_TRANSLATE_NOOP("engine", "{name} is not a model you added.")
REMOVE_INSTEAD = QT_TRANSLATE_NOOP("engine", "{name} is a model you added; remove it instead (models remove "
                                             "{name}).")
NO_SOURCE = QT_TRANSLATE_NOOP("engine", "{path} does not exist.")
ADDED_DAMAGED = QT_TRANSLATE_NOOP("engine", "{path} is damaged ({cause}); fix or delete it, then add your "
                                            "models again (models add).")
UNKNOWN_MODEL = QT_TRANSLATE_NOOP("engine", "Unknown model {name!r}; known models: {known}.")
NOT_OF_KIND = QT_TRANSLATE_NOOP("engine", "{name} is not a {kind} model.")

# Checkpoints (checkpoints.py).
NOT_SAFETENSORS = QT_TRANSLATE_NOOP("engine", "{name} is not a readable safetensors file: {cause}")
NOT_A_CHECKPOINT = QT_TRANSLATE_NOOP("engine", "{name} is not a readable torch checkpoint; it starts with "
                                               "{start!r} (an HTML page, or an interrupted copy?).")
TORCHSCRIPT = QT_TRANSLATE_NOOP("engine", "{name} is a TorchScript archive (like OpenAI's original .pt "
                                          "files), which cannot be loaded safely. Use the open_clip weights "
                                          "the registry names.")
PICKLED = QT_TRANSLATE_NOOP("engine", "{name} was refused: it holds Python objects or code, not only "
                                      "tensors, and loading it could run that code. ({cause})")
CORRUPT = QT_TRANSLATE_NOOP("engine", "{name} is not a readable torch checkpoint (truncated or corrupt?): "
                                      "{cause}")
NOT_A_STATE_DICT = QT_TRANSLATE_NOOP("engine", "{name} is neither a state_dict nor an open_clip training "
                                               "checkpoint (found {found}).")
DOES_NOT_FIT = QT_TRANSLATE_NOOP("engine", "{source} does not fit the model architecture: {problems}. Check "
                                           "that the file belongs to this model.")

# Adding a checkpoint of one's own, and importing, given wrong input (store.py, checkpoints.py).
ARGUMENT_NOT_TEXT = QT_TRANSLATE_NOOP("engine", "The {argument} of a model to add must be text; {value} was "
                                                "given.")
FILE_NOT_A_PATH = QT_TRANSLATE_NOOP("engine", "Give the checkpoint file of the model to add (its path, as "
                                              "text); {value} was given.")
ARCHITECTURE_NOT_GIVEN = QT_TRANSLATE_NOOP(
    "engine", "The architecture must be a name (e.g. ViT-B-16-quickgelu for CLIP, vit_b for SAM), a .json "
    "file holding a model config, or that config as an object; {value} was given.")
UNKNOWN_ARCHITECTURE = QT_TRANSLATE_NOOP("engine", "{architecture!r} is not a {kind} architecture ReSeg can "
                                                   "use; choose one of {known}, or give a .json file "
                                                   "holding a model config.")
ARCHITECTURE_FILE = QT_TRANSLATE_NOOP("engine", "The architecture file {path} cannot be used: {cause}. It "
                                                "must hold one JSON object: an open_clip model config "
                                                "(CLIP) or SAM's sizes.")
ARCHITECTURE_UNBUILDABLE = QT_TRANSLATE_NOOP(
    "engine", "ReSeg cannot use the {kind} architecture {architecture}: {cause}. Check its fields and "
    "values against an open_clip model config (CLIP) or SAM's sizes.")
FILE_IS_FOLDER = QT_TRANSLATE_NOOP("engine", "{path} is a folder; give the checkpoint file itself (e.g. a "
                                             ".pt, .pth or .safetensors file), not its folder.")
FILE_NOT_REGULAR = QT_TRANSLATE_NOOP("engine", "{path} is not a regular file (a device, pipe or socket?); "
                                               "give the checkpoint file itself.")
FILE_UNREADABLE = QT_TRANSLATE_NOOP("engine", "Cannot read {path}: {reason}. Check that you may read it, or "
                                              "copy it to where you may.")
FILE_EMPTY = QT_TRANSLATE_NOOP("engine", "{name} is empty (0 bytes): an interrupted copy? Copy or download "
                                         "it again.")
NOT_A_CHECKPOINT_FILE = QT_TRANSLATE_NOOP("engine", "{name} is not a torch checkpoint or a safetensors file "
                                                    "(it starts with {start!r}); give the checkpoint file "
                                                    "itself, as torch.save or safetensors wrote it.")
ZIP_NOT_A_CHECKPOINT = QT_TRANSLATE_NOOP("engine", "{name} is a zip archive, not a torch checkpoint (it "
                                                   "holds {members}); unpack it and give the checkpoint "
                                                   "inside.")
IMPORT_NOT_A_PATH = QT_TRANSLATE_NOOP("engine", "Give the file or folder to import (its path, as text); "
                                                "{value} was given.")
IMPORT_NOT_REGULAR = QT_TRANSLATE_NOOP("engine", "{path} is neither a regular file nor a folder (a device, "
                                                 "pipe or socket?); give a model file, or a folder of them.")
IMPORT_NO_FILES = QT_TRANSLATE_NOOP("engine", "There are no files in {folder}; give the folder that holds "
                                              "the model files you fetched, or one of those files.")



def shown(value, limit: int = 80) -> str:
    """``value`` as Python writes it, cut to ``limit`` characters: the {value} of a message."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
