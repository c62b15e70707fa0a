"""Class semantics on constructed features: synonyms, the maximum rule, thresholds, the vote."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from reseg_qgis.engine.models.scoring import class_probabilities, region_vote
from reseg_qgis.engine.models.text_embeddings import ClassEmbeddings
from reseg_qgis.engine.raster.blending import labels_and_top

# Three orthogonal synonym directions: class 0 = "water", class 1 = "tree" or "forest".
TEXT = torch.eye(3, 4)
CLASSES = ClassEmbeddings(TEXT, torch.tensor([0, 1, 1]), ("water", "tree, forest"))


def labels(probabilities, threshold: float = 0.0) -> np.ndarray:
    return labels_and_top(torch.as_tensor(np.asarray(probabilities)), threshold)[0].numpy()


def patches_from(directions: list[list[int]]) -> torch.Tensor:
    """A rows x cols grid of unit patch features, each equal to one synonym's direction."""
    return TEXT[torch.tensor(directions)]


def test_a_patch_goes_to_the_class_of_the_synonym_it_matches():
    patches = patches_from([[0, 1], [2, 0]])
    probabilities = class_probabilities(patches, None, CLASSES, (2, 2), logit_scale=100.0)
    assert probabilities.shape == (2, 2, 2)
    np.testing.assert_array_equal(labels(probabilities), [[1, 2], [2, 1]])


def test_softmax_over_synonyms_then_maximum_per_class():
    patch = F.normalize(torch.tensor([0.2, 0.5, 0.4, 0.0]), dim=0)
    probabilities = class_probabilities(patch.view(1, 1, 4), None, CLASSES, (1, 1), logit_scale=10.0)
    synonym = torch.softmax(10.0 * (TEXT @ patch), dim=0)
    assert probabilities[0, 0, 0] == pytest.approx(float(synonym[0]))
    assert probabilities[1, 0, 0] == pytest.approx(float(synonym[1:].max()))
    # Not the sum: a class with many synonyms gains nothing from their number.
    assert probabilities[:, 0, 0].sum() < 1


def test_similarities_are_upsampled_bilinearly_before_the_softmax():
    patches = patches_from([[0, 1]])
    probabilities = class_probabilities(patches, None, CLASSES, (1, 8), logit_scale=10.0)
    water = probabilities[0, 0]
    assert water[0] > 0.99 and water[-1] < 0.01
    assert torch.all(water[1:] <= water[:-1])  # a smooth transition, not a step at the patch edge
    assert 0.01 < water[3] < 0.99


def test_cls_bias_subtracts_the_global_similarity():
    patch = F.normalize(torch.tensor([1.0, 0.9, 0.0, 0.0]), dim=0)
    cls = torch.tensor([1.0, 0.0, 0.0, 0.0])  # the whole window looks like "water"
    plain = class_probabilities(patch.view(1, 1, 4), cls, CLASSES, (1, 1), 100.0)
    debiased = class_probabilities(patch.view(1, 1, 4), cls, CLASSES, (1, 1), 100.0, cls_bias=-0.3)
    assert labels(plain)[0, 0] == 1
    assert labels(debiased)[0, 0] == 2


def test_unclassified_threshold():
    probabilities = torch.tensor([[[0.6, 0.3]], [[0.4, 0.35]]])
    np.testing.assert_array_equal(labels(probabilities), [[1, 2]])
    np.testing.assert_array_equal(labels(probabilities, threshold=0.5), [[1, 0]])
    assert labels(probabilities).dtype == np.uint8
    top = labels_and_top(torch.as_tensor(np.asarray(probabilities)), threshold=0.5)[1].numpy()
    np.testing.assert_allclose(top, [[0.6, 0.35]])  # below the threshold too


def test_region_vote_is_a_majority_inside_regions_only():
    # Region 1 holds (0,0), (0,1), (1,1): class 1 wins one pixel by far, class 2 two pixels narrowly.
    probabilities = torch.tensor([[[0.99, 0.45, 0.3], [0.8, 0.4, 0.7]],
                                  [[0.01, 0.55, 0.7], [0.2, 0.6, 0.3]]])
    regions = torch.tensor([[1, 1, 0], [2, 1, 0]])
    voted = region_vote(probabilities, regions)
    for row, col in ((0, 0), (0, 1), (1, 1)):
        torch.testing.assert_close(voted[:, row, col], torch.tensor([1 / 3, 2 / 3]))
    torch.testing.assert_close(voted[:, 1, 0], torch.tensor([1.0, 0.0]))  # a region of its own
    torch.testing.assert_close(voted[:, :, 2], probabilities[:, :, 2])  # no region: unchanged
    # The mean probability of region 1 favours class 1 (0.61), but the majority of its pixels says 2.
    assert probabilities[0, [0, 0, 1], [0, 1, 1]].mean() > 0.5
    assert labels(probabilities)[0, 0] == 1
    np.testing.assert_array_equal(labels(voted)[0, :2], [2, 2])
