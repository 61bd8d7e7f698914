import os
import os.path
import os.path as osp
import sys, json as j, collections.abc as cabc
from os import path
from os import path as p, sep
from os import (
    path as p2,
    sep as s2,
    linesep,
)
from collections import *
from . import sibling
from .. import parent
from .module import name
from ...package.module import (a, b,)
from .... import deep
from ..... import deeper
import __future__
