#pragma once

#include <QtGlobal>

/// One bar of the window's timeline: what arrived in [from, to), by environment, with its retries and problems.
struct TimelineBucket
{
    qint64 from = 0; ///< ms since the epoch (UTC), inclusive
    qint64 to = 0; ///< exclusive
    qint64 production = 0;
    qint64 staging = 0;
    qint64 other = 0; ///< no environment, or one that is neither staging nor production
    qint64 duplicates = 0; ///< retries (duplicate_of set), whatever their environment
    qint64 problems = 0; ///< events whose envelope has problems
    qint64 lastId = 0; ///< the newest id counted in this bucket, 0 when it is empty

    qint64 total() const { return production + staging + other; }
};
