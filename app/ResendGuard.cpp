#include "ResendGuard.h"

#include <QCoreApplication>

namespace {

bool known(const QString& environment)
{
    return environment == QLatin1String("staging") || environment == QLatin1String("production");
}

} // namespace

QString ResendGuard::mismatch(const QString& eventEnvironment, const QString& targetEnvironment)
{
    if (!known(eventEnvironment) || !known(targetEnvironment) || eventEnvironment == targetEnvironment) {
        return {};
    }
    return eventEnvironment == QLatin1String("production")
        ? QCoreApplication::translate("ResendGuard", "This is a production event, and the target is marked staging.")
        : QCoreApplication::translate("ResendGuard", "This is a staging event, and the target is marked production.");
}
