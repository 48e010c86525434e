#pragma once

#include <QStringList>

class EventFilter;
class EventStore;
class QIODevice;

/// `hookscope export`: the history (or what the filter options let through) as NDJSON, oldest first, streamed.
class ExportCommand
{
public:
    static int run(const QStringList& arguments);
    /// Writes every event of @p store that @p filter lets through to @p out; returns the number
    /// written, or -1 with @p error set.
    static qint64 writeNdjson(EventStore& store, const EventFilter& filter, QIODevice& out, QString* error);
};
