"""The published protocols (ReSeg-CLIP's and SegEarth-OV's) over the benchmark datasets in their standard
layouts, resumable, with the scores beside the published mIoU. It uses the models and the evaluation;
no raster pipeline: each dataset image is predicted as the reference code predicts it."""
