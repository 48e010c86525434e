#pragma once

#include "SignatureCheck.h"

#include <functional>

class Secrets;

/**
 * @brief The window's signature checks, kept between runs: the rules in QSettings under
 * "signatures/rules" (JSON, without their secrets), each secret in the keychain under
 * keychainKey() (Secrets), the entry `hookscope serve --verify` reads too. A secret never goes
 * into the settings.
 */
class SignatureSettings
{
public:
    /// "verify:/hooks", "verify:/" for every path: the keychain entry of a rule's secret.
    static QString keychainKey(const QByteArray& pathPrefix);

    /// The saved rules, secrets empty.
    static QList<SignatureRule> load();
    /// Saves @p rules without their secrets.
    static void save(const QList<SignatureRule>& rules);

    static QByteArray toJson(const QList<SignatureRule>& rules);
    static QList<SignatureRule> fromJson(const QByteArray& json);

    static QString kindName(SignatureRule::Kind kind);
    static bool kindFromName(const QString& name, SignatureRule::Kind* kind);

    /**
     * Reads the secret of each of @p rules from the keychain (asynchronously, through @p secrets),
     * then calls @p done with the rules that have one and a line for each that has none. A rule
     * without its secret is left out rather than checked with an empty one: it would refuse
     * every webhook.
     */
    static void readSecrets(const QList<SignatureRule>& rules, Secrets* secrets,
        std::function<void(const QList<SignatureRule>& ready, const QStringList& missing)> done);
};
