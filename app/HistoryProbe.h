#pragma once

#include <QString>

/**
 * Checks an existing history before capture writes to it, so that a file that can't take events
 * is refused with a clear message instead of answering 503 to every request (or writing into a
 * damaged file):
 * - damaged: its newest events can't be read (a truncated file, garbage over its last pages);
 * - locked by another program for longer than the busy timeout (5 s);
 * - read-only (its permissions, or a read-only file system).
 *
 * Damage elsewhere in the file is found only when those pages are read: a full check
 * (PRAGMA quick_check) takes about 20 s on a 1.9 GB history, too long for every start.
 * A file that isn't a Hookscope history at all is left to EventStore::open(), which says so.
 */
class HistoryProbe
{
public:
    /// True when @p path can take events (or doesn't exist yet); else false with @p error (one line).
    static bool canCapture(const QString& path, QString* error);
};
