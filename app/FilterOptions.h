#pragma once

#include "EventFilter.h"

class QCommandLineParser;

/**
 * The history filter's command-line options (--channel ... --problems-only), read into an
 * EventFilter in one place: `hookscope export` uses them now, the window's command line later.
 */
class FilterOptions
{
public:
    /// Adds the filter options to @p parser.
    static void addTo(QCommandLineParser& parser);
    /// Reads the options of a parsed @p parser into @p filter; false with a one-line @p error when
    /// a value is wrong (a usage error).
    static bool read(const QCommandLineParser& parser, EventFilter* filter, QString* error);
    /// An ISO 8601 date (midnight) or date and time, as ms since the epoch; without an offset it is
    /// UTC, like received_at in the export. False when @p text is not one.
    static bool parseTime(const QString& text, qint64* msSinceEpoch);
};
