#pragma once

#include <QStringList>

class EventStore;
class QIODevice;

/// `hookscope export`: the history as NDJSON, oldest first, streamed.
class ExportCommand
{
public:
    static int run(const QStringList& arguments);
    /// Writes every event of @p store to @p out; returns the number written, or -1 with @p error set.
    static qint64 writeNdjson(EventStore& store, QIODevice& out, QString* error);
};
