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
// Last: what no module above declares, from the .NET API listing (known, not run).
import { declareListed, declareListedBases } from './listed';
import { LISTED_BASES, LISTED_MEMBERS } from './listedMembers.generated';

declareListedBases(LISTED_BASES);
declareListed(LISTED_MEMBERS);
