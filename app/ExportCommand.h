#pragma once

#include <QStringList>

/// `hookscope export`: the history (or what the filter options let through), oldest first, streamed,
/// as NDJSON, a JSON array, CSV, HAR or test fixtures (see ExportWriter).
class ExportCommand
{
public:
    static int run(const QStringList& arguments);
};
