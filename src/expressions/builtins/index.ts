// Registers every builtin type. Import this module once before compiling expressions.

import './core';
import './strings';
import './numbers';
import './collections';
import './datetime';
import './text';
import './crypto';
import './json';
import './context';
import './xml';
import './system';
import './unsimulated';
