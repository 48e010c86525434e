#pragma once

#include "SubscriptionProfile.h"

#include <QHash>
#include <QMutex>
#include <QSet>

/**
 * @brief Checks each event against the subscription profile and the provider's ledger rule, at
 * capture: a channel outside the profile of its environment, or a ledgers event in an environment
 * that also delivered other channels, gets a problem that names the rule it breaks.
 *
 * It remembers which channels each environment delivered: those of the events it checks, and
 * those of the history (addSeen(), from the window's catalog counts). Shared by the capture
 * thread and the window; every method may be called from any thread.
 */
class SubscriptionCheck
{
public:
    void setProfile(const SubscriptionProfile& profile);
    SubscriptionProfile profile() const;

    /// The history delivered @p channels in @p environment (on top of what is known).
    void addSeen(const QString& environment, const QStringList& channels);
    /// Replaces what is known to have been delivered (the history's channels per environment).
    void setSeen(const QHash<QString, QStringList>& channels);
    /// The catalog channels delivered in @p environment so far, sorted.
    QStringList seen(const QString& environment) const;

    /// The problems of an event of @p channel in @p environment (stable English), and notes that
    /// the environment delivered the channel. Only catalog channels in the catalog's environments
    /// are checked (the envelope flags the others).
    QStringList check(const QString& channel, const QString& environment);

private:
    mutable QMutex m_mutex;
    SubscriptionProfile m_profile;
    QHash<QString, QSet<QString>> m_seen;
};
