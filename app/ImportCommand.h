#pragma once

#include <QStringList>

/// `hookscope import --db FILE FILE...`: adds the events of NDJSON or HAR exports to the history
/// under new ids (see HistoryImporter); '-' reads stdin.
class ImportCommand
{
public:
    static int run(const QStringList& arguments);
};
