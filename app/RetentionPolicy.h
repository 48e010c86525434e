#pragma once

#include <QtGlobal>

/// How much history to keep: the newest events up to a count, none older than some days.
struct RetentionPolicy
{
    qint64 keepEvents = 0; ///< keep at most this many, the newest; 0 keeps any number
    int keepDays = 0; ///< delete what was received more than this many days ago; 0 keeps any age

    bool isOff() const { return keepEvents <= 0 && keepDays <= 0; }
    bool operator==(const RetentionPolicy& other) const
    {
        return keepEvents == other.keepEvents && keepDays == other.keepDays;
    }
    bool operator!=(const RetentionPolicy& other) const { return !(*this == other); }
};
