#pragma once

#include "DeliveryTarget.h"

#include <QList>

#include <optional>

/**
 * @brief The recent targets, most recent first, remembered in QSettings (group "targets") for the
 * window and the command line alike. Secrets are never written here (see Secrets).
 */
class TargetList
{
public:
    static constexpr int MaxRecent = 20;

    static QList<DeliveryTarget> recent();
    static std::optional<DeliveryTarget> find(const QUrl& url);
    /// Puts @p target first (replacing the entry of the same URL), keeping at most MaxRecent.
    static void remember(const DeliveryTarget& target);
    static void forget(const QUrl& url);

private:
    static void save(const QList<DeliveryTarget>& targets);
};
