#pragma once

class QCommandLineParser;
class QString;
struct RetentionPolicy;

/**
 * The retention options of `hookscope serve` and `hookscope forward` (--keep-events, --keep-days):
 * while capturing, the oldest events beyond them are deleted in the background (see Retention).
 */
class RetentionOptions
{
public:
    static void addTo(QCommandLineParser& parser);
    /// Reads the options into @p policy (off when neither is given); false with a one-line @p error
    /// when a value is not a whole number of 0 or more (a usage error).
    static bool read(const QCommandLineParser& parser, RetentionPolicy* policy, QString* error);
};
