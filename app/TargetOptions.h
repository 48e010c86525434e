#pragma once

#include "ResendJob.h"

class QCommandLineParser;

/**
 * The options that say where and how events are sent (--to, --fresh-key, --target-environment,
 * --timeout), read in one place for `hookscope resend` and `hookscope forward`.
 */
class TargetOptions
{
public:
    static void addTo(QCommandLineParser& parser);
    /// @p text as a target: an http:// or https:// URL with a host; an invalid QUrl, with a one-line
    /// @p error, otherwise.
    static QUrl targetUrl(const QString& text, QString* error);
    /// Reads the options of a parsed @p parser into @p options (the target as remembered, marked
    /// as the command line says); false with a one-line @p error when a value is wrong (a usage error).
    static bool read(const QCommandLineParser& parser, ResendOptions* options, QString* error);
    /// Reads the target's secret from the keychain into @p options when its auth needs one; false
    /// with a one-line @p error when it can't be had.
    static bool readSecret(ResendOptions* options, QString* error);
};
