#pragma once

#include "ResponseScript.h"
#include "SignatureCheck.h"
#include "SubscriptionProfile.h"

#include <QObject>

#include <memory>

class DriftCheck;
class Secrets;
class ShapeKeeper;
class SubscriptionCheck;
struct ServerConfig;

/**
 * @brief What the window changes in the running capture: scripted answers, signature checks, the
 * learned data shapes (schema drift) and the subscription profile. The server shares these objects
 * with the window (ServerConfig), so a change applies to the next request, without a restart; each
 * is kept between runs (settings, keychain, the history's data_shapes).
 */
class CaptureChecks : public QObject
{
    Q_OBJECT

public:
    /// Gives @p config what it lacks: the saved scripted answers and subscription profile, an empty
    /// signature check (its secrets come from the keychain later: loadSignatures()) and a drift
    /// check. True when it changed anything: a server already running needs a restart to see them.
    static bool prepare(ServerConfig& config);

    explicit CaptureChecks(QObject* parent = nullptr);
    ~CaptureChecks() override;

    /// Works on the objects @p config shares (prepare() filled them).
    void adopt(const ServerConfig& config);
    /// Loads the learned shapes of the history at @p dbPath and saves new ones there.
    void open(const QString& dbPath);
    /// Reads the saved signature rules' secrets from the keychain, then applies the rules that have
    /// one; signaturesLoaded() says which have none.
    void loadSignatures();

    const std::shared_ptr<ResponseScript>& script() const { return m_script; }
    const std::shared_ptr<SignatureCheck>& signatures() const { return m_signatures; }
    const std::shared_ptr<DriftCheck>& drift() const { return m_drift; }
    const std::shared_ptr<SubscriptionCheck>& subscriptions() const { return m_subscriptions; }
    ShapeKeeper* keeper() const { return m_keeper; }
    Secrets* secrets() const { return m_secrets; }

    /// Puts @p rules into use and keeps them in the settings.
    void applyAnswers(const QList<ResponseRule>& rules);
    /// Puts @p rules (with their secrets) into use and keeps them, without secrets, in the settings.
    void applySignatures(const QList<SignatureRule>& rules);
    /// Puts @p profile into use and keeps it in the settings.
    void applyProfile(const SubscriptionProfile& profile);

signals:
    /// loadSignatures() is done; @p missing names the rules left out for want of a secret.
    void signaturesLoaded(const QStringList& missing);

private:
    std::shared_ptr<ResponseScript> m_script;
    std::shared_ptr<SignatureCheck> m_signatures;
    std::shared_ptr<DriftCheck> m_drift;
    std::shared_ptr<SubscriptionCheck> m_subscriptions;
    ShapeKeeper* m_keeper = nullptr;
    Secrets* m_secrets;
};
