#pragma once

#include <QString>

/// The guard rail of resending: an event from one environment sent to a target marked as the other.
class ResendGuard
{
public:
    /// A sentence for the user when events of @p eventEnvironment should not go to a target marked
    /// @p targetEnvironment without a confirmation; empty when they may. Only "staging" and
    /// "production" take part: an unmarked target, or an event of no known environment, passes.
    static QString mismatch(const QString& eventEnvironment, const QString& targetEnvironment);
};
