"""Accuracy of a classified raster against reference labels: the confusion matrix, read block by block
with the labels brought to the prediction's grid by nearest neighbour, and the metrics the papers
report (IoU, precision, recall, F1, mIoU, overall accuracy, Cohen's kappa).

It imports no model, no weight and no part of ``raster``: any classified raster and any labels (a
raster, or polygons with a class field) can be compared.
"""
