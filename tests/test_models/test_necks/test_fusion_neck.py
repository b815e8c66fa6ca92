"""FusionNeck: the 5x5 fusion conv, with and without coordinate channels."""
import torch
from mmdet.registry import MODELS


def test_fusion_neck_coordinate_channels():
    neck = MODELS.build(dict(type='FusionNeck', in_channels=(3, 2), out_channels=4,
                             kernel_size=1, coord_norm=10.0))
    assert neck.fuse.in_channels == 3 + 2 + 2
    x = torch.zeros(2, 3, 5, 7)
    coords = neck.coords(x)
    assert coords.shape == (2, 2, 5, 7)
    assert torch.allclose(coords[1, 0, 4], torch.arange(7) / 10.0)  # column index
    assert torch.allclose(coords[0, 1, :, 6], torch.arange(5) / 10.0)  # row index
    # with all-zero streams the 1x1 fusion sees only the coordinates: the output varies over
    # the map exactly as the coordinate weights say
    with torch.no_grad():
        neck.fuse.weight.zero_()
        neck.fuse.bias.zero_()
        neck.fuse.weight[0, 5] = 1.0  # column channel -> output 0
        neck.fuse.weight[1, 6] = 1.0  # row channel -> output 1
    out = neck((x, torch.zeros(2, 2, 5, 7)))[0]
    assert torch.allclose(out[:, 0], coords[:, 0]) and torch.allclose(out[:, 1], coords[:, 1])
