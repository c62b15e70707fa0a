"""The errors of downloading, importing, adding and checking model weights, as templates the QGIS side
translates (engine_texts.py). Plain Python: QGIS imports it without torch."""

# Downloads (downloads.py). What to do without internet depends on where the user is (the command line,
# QGIS), so each front end says it after these facts (cli.py, the plugin's weights texts).
REFUSED = "The server refused access to {url} (HTTP {code})."
HTTP_FAILED = "Downloading {url} failed: HTTP {code} {reason}. The file may have moved."
NO_CONNECTION = "Cannot connect to {host}: {reason}."
CANNOT_WRITE = "Cannot write {path}: {reason}. Free some disk space, or choose another model cache folder."
WRONG_RANGE = "{url} answered a resume request with the wrong range."
BROKE_OFF = ("The transfer of {url} broke off after {received} bytes ({cause}). Run the download again to "
             "resume.")
DOWNLOAD_CANCELLED = "Download cancelled; run it again to resume."
_NOTHING_KEPT = " Nothing was kept; try again later, or import a verified copy."
SERVER_SIZE = ("The download of {url} does not match: the server's file is {total} bytes, {expected} were "
               "published." + _NOTHING_KEPT)
ARRIVED_SIZE = ("The download of {url} does not match: {received} bytes arrived, {expected} were published."
                + _NOTHING_KEPT)
ARRIVED_SHA256 = ("The download of {url} does not match: its sha256 is {digest}, the published one is "
                  "{expected}." + _NOTHING_KEPT)
FILES_TO_FETCH = "Files to fetch: {files}."
UNREACHABLE = (REFUSED, HTTP_FAILED, NO_CONNECTION)  # the front end adds how to import the files instead
IMPORT_BY_COMMAND = ("Where this computer has no internet, fetch the files on one that has, then import "
                     "them: python -m reseg_qgis.engine models import FOLDER.")
DOWNLOADS = (REFUSED, HTTP_FAILED, NO_CONNECTION, CANNOT_WRITE, WRONG_RANGE, BROKE_OFF, DOWNLOAD_CANCELLED,
             SERVER_SIZE, ARRIVED_SIZE, ARRIVED_SHA256, FILES_TO_FETCH)

# The model cache (store.py, registry.py, loading.py).
_IMPORT_HINT = ("import the published files from a folder (python -m reseg_qgis.engine models import FOLDER, "
                "or the plugin's weights manager).")
MISSING = ("Model weights are not installed: {names}. Allow downloads to fetch them into {cache}, or "
           + _IMPORT_HINT)
MISSING_FILES = MISSING + " " + FILES_TO_FETCH
IN_PLUGIN = ("The model cache {folder} lies inside the plugin folder, which QGIS replaces on every upgrade; "
             "choose a folder outside it.")
MANIFEST_DAMAGED = ("The model cache manifest {path} is damaged ({cause}); delete it and import or download "
                    "the models again.")
NOT_THE_ARCHIVE = "{name} is not the published archive ({cause}); nothing was kept."
CHANGED = ("The cached weights {path} of {title} ({name}) have changed since they were verified: "
           "sha256 {digest}, recorded {expected}. Delete the file, then download it again (python -m "
           "reseg_qgis.engine models download {name}, or ReSeg ▸ Settings and weights ▸ Download "
           "selected), or import the published file.")
CHANGED_ADDED = ("The cached weights {path} of {title} ({name}) have changed since they were verified: "
                 "sha256 {digest}, recorded {expected}. Delete the file, then add it again from its file "
                 "(models add), or import the published file.")
NOTHING_TO_DOWNLOAD = ("{name} is a model you added from a file; it has nothing to download. Add it again "
                       "from its file.")
BAD_NAME = ("{name!r}: use 2-63 lower-case letters, digits, '.', '_' or '-', "
            "beginning with a letter or digit.")
PUBLISHED_NAME = "{name} is a published model's name; choose another."
KIND = "The kind must be clip or sam."
NOT_ADDED = "{name} is not a model you added."
REMOVE_INSTEAD = "{name} is a model you added; remove it instead (models remove {name})."
NO_SOURCE = "{path} does not exist."
ADDED_DAMAGED = "{path} is damaged ({cause}); fix or delete it, then add your models again (models add)."
UNKNOWN_MODEL = "Unknown model {name!r}; known models: {known}."
NOT_OF_KIND = "{name} is not a {kind} model."
STORE = (MISSING, MISSING_FILES, IN_PLUGIN, MANIFEST_DAMAGED, NOT_THE_ARCHIVE, CHANGED, CHANGED_ADDED,
         NOTHING_TO_DOWNLOAD, BAD_NAME, PUBLISHED_NAME, KIND, NOT_ADDED, REMOVE_INSTEAD, NO_SOURCE,
         ADDED_DAMAGED, UNKNOWN_MODEL, NOT_OF_KIND)

# Checkpoints (checkpoints.py).
NOT_SAFETENSORS = "{name} is not a readable safetensors file: {cause}"
NOT_A_CHECKPOINT = ("{name} is not a readable torch checkpoint; it starts with {start!r} (an HTML page, "
                    "or an interrupted copy?).")
TORCHSCRIPT = ("{name} is a TorchScript archive (like OpenAI's original .pt files), which cannot be loaded "
               "safely. Use the open_clip weights the registry names.")
PICKLED = ("{name} was refused: it holds Python objects or code, not only tensors, and loading it could run "
           "that code. ({cause})")
CORRUPT = "{name} is not a readable torch checkpoint (truncated or corrupt?): {cause}"
NOT_A_STATE_DICT = "{name} is neither a state_dict nor an open_clip training checkpoint (found {found})."
DOES_NOT_FIT = ("{source} does not fit the model architecture: {problems}. Check that the file belongs to "
                "this model.")
CHECKPOINTS = (NOT_SAFETENSORS, NOT_A_CHECKPOINT, TORCHSCRIPT, PICKLED, CORRUPT, NOT_A_STATE_DICT,
               DOES_NOT_FIT)

# Adding a checkpoint of one's own, and importing, given wrong input (store.py, checkpoints.py).
ARGUMENT_NOT_TEXT = "The {argument} of a model to add must be text; {value} was given."
FILE_NOT_A_PATH = "Give the checkpoint file of the model to add (its path, as text); {value} was given."
ARCHITECTURE_NOT_GIVEN = ("The architecture must be a name (e.g. ViT-B-16-quickgelu for CLIP, vit_b for "
                          "SAM), a .json file holding a model config, or that config as an object; {value} "
                          "was given.")
UNKNOWN_ARCHITECTURE = ("{architecture!r} is not a {kind} architecture ReSeg can use; choose one of {known}, "
                        "or give a .json file holding a model config.")
ARCHITECTURE_FILE = ("The architecture file {path} cannot be used: {cause}. It must hold one JSON object: "
                     "an open_clip model config (CLIP) or SAM's sizes.")
ARCHITECTURE_UNBUILDABLE = ("ReSeg cannot use the {kind} architecture {architecture}: {cause}. Check its "
                            "fields and values against an open_clip model config (CLIP) or SAM's sizes.")
FILE_IS_FOLDER = ("{path} is a folder; give the checkpoint file itself (e.g. a .pt, .pth or .safetensors "
                  "file), not its folder.")
FILE_NOT_REGULAR = ("{path} is not a regular file (a device, pipe or socket?); give the checkpoint file "
                    "itself.")
FILE_UNREADABLE = "Cannot read {path}: {reason}. Check that you may read it, or copy it to where you may."
FILE_EMPTY = "{name} is empty (0 bytes): an interrupted copy? Copy or download it again."
NOT_A_CHECKPOINT_FILE = ("{name} is not a torch checkpoint or a safetensors file (it starts with {start!r}); "
                         "give the checkpoint file itself, as torch.save or safetensors wrote it.")
ZIP_NOT_A_CHECKPOINT = ("{name} is a zip archive, not a torch checkpoint (it holds {members}); unpack it and "
                        "give the checkpoint inside.")
IMPORT_NOT_A_PATH = "Give the file or folder to import (its path, as text); {value} was given."
IMPORT_NOT_REGULAR = ("{path} is neither a regular file nor a folder (a device, pipe or socket?); give a "
                      "model file, or a folder of them.")
IMPORT_NO_FILES = ("There are no files in {folder}; give the folder that holds the model files you fetched, "
                   "or one of those files.")
ADDING = (ARGUMENT_NOT_TEXT, FILE_NOT_A_PATH, ARCHITECTURE_NOT_GIVEN, UNKNOWN_ARCHITECTURE, ARCHITECTURE_FILE,
          ARCHITECTURE_UNBUILDABLE, FILE_IS_FOLDER, FILE_NOT_REGULAR, FILE_UNREADABLE, FILE_EMPTY,
          NOT_A_CHECKPOINT_FILE, ZIP_NOT_A_CHECKPOINT, IMPORT_NOT_A_PATH, IMPORT_NOT_REGULAR, IMPORT_NO_FILES)

MESSAGES = (*DOWNLOADS, *STORE, *CHECKPOINTS, *ADDING)


def shown(value, limit: int = 80) -> str:
    """``value`` as Python writes it, cut to ``limit`` characters: the {value} of a message."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
