#pragma once

#include <QList>

/// The events a resend sends, oldest first, and how many of them belong to each environment (for
/// the guard rail, which compares them with the target's marking).
struct ResendScope
{
    QList<qint64> ids;
    qint64 production = 0;
    qint64 staging = 0;
};
