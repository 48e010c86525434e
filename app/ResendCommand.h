#pragma once

#include <QStringList>

/// `hookscope resend --id N[,M...] --to URL`: sends stored events again and prints each outcome.
class ResendCommand
{
public:
    static int run(const QStringList& arguments);
    /// "12,13, 20" → ids; false when any part is not a positive id.
    static bool parseIds(const QString& text, QList<qint64>* ids);
};
