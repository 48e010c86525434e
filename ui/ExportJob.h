#pragma once

#include "EventFilter.h"
#include "ExportWriter.h"

#include <QList>
#include <QString>

#include <functional>

class EventStore;

/// One export from the window, run on a worker thread with its own EventStore: the selection or
/// what a filter lets through, oldest first, streamed through the core's writers. It writes whole
/// or not at all: a file through QSaveFile, fixtures into a hidden folder moved into place at the
/// end, so a cancelled or failed export leaves nothing behind.
class ExportJob
{
public:
    struct Request
    {
        ExportWriter::Format format = ExportWriter::Format::Ndjson;
        QString path; ///< the file, or the folder for fixtures
        QString historyPath; ///< refused as an output: the export would replace the history
        bool selection = false; ///< export ids, not the filter's events
        QList<qint64> ids;
        EventFilter filter;
    };
    struct Result
    {
        qint64 written = 0;
        bool cancelled = false;
        QString error; ///< empty when it worked or was cancelled
    };
    /// Hears the number written after each event, and the total (-1 while unknown); returning false stops.
    using Progress = std::function<bool(qint64 written, qint64 total)>;

    static Result run(EventStore& store, const Request& request, const Progress& progress);

private:
    static Result toFile(EventStore& store, const Request& request, const Progress& progress);
    static Result toFolder(EventStore& store, const Request& request, const Progress& progress);
    /// Writes the events with @p writer (begin to finish); the number written or -1 with @p result set.
    static qint64 write(
        EventStore& store, const Request& request, ExportWriter& writer, const Progress& progress, Result* result);
};
