#include "Delivery.h"

#include <QCoreApplication>

QString Delivery::outcome() const
{
    if (!error.isEmpty()) {
        return QCoreApplication::translate("Delivery", "#%1 -> failed: %2").arg(eventId).arg(error);
    }
    return QCoreApplication::translate("Delivery", "#%1 -> %2 %3 in %4 ms")
        .arg(eventId)
        .arg(status)
        .arg(QString::fromLatin1(reason))
        .arg(latencyMs);
}
