#pragma once

#include "ResponseScript.h"
#include "SignatureCheck.h"
#include "SubscriptionProfile.h"

#include <QObject>

#include <memory>

class DriftCheck;
class ProviderChecks;
class Secrets;
class ShapeKeeper;
class SubscriptionCheck;
struct ServerConfig;

/**
 * @brief What the window changes in the running capture: scripted answers, signature checks, the
 * learned data shapes (schema drift) and the subscription profile. The server shares these objects
 * with the window (ServerConfig), so a change applies to the next request, without a restart; each
 * is kept between runs (settings, keychain, the history's data_shapes). The provider checks (drift,
 * subscriptions) are ProviderChecks, set up as `hookscope serve` sets them up.
 */
class CaptureChecks : public QObject
{
    Q_OBJECT

public:
    /// Gives @p config what it lacks: the saved scripted answers, an empty signature check (its
    /// secrets come from the keychain later: loadSignatures()) and the provider checks
    /// (ProviderChecks::prepare, with the shapes learned in the history at @p dbPath). True when it
    /// changed anything: a server already running needs a restart to see them, so call it before
    /// the capture starts.
    static bool prepare(ServerConfig& config, const QString& dbPath);

    explicit CaptureChecks(QObject* parent = nullptr);
    ~CaptureChecks() override;

    /// Works on the objects @p config shares (prepare() filled them).
    void adopt(const ServerConfig& config);
    /// Loads the learned shapes of the history at @p dbPath (unless prepare() did) and saves new
    /// ones there; forgets the channels another history delivered.
    void open(const QString& dbPath);
    /// Reads the saved signature rules' secrets from the keychain, then applies the rules that have
    /// one; signaturesLoaded() says which have none.
    void loadSignatures();

    const std::shared_ptr<ResponseScript>& script() const { return m_script; }
    const std::shared_ptr<SignatureCheck>& signatures() const { return m_signatures; }
    const std::shared_ptr<DriftCheck>& drift() const;
    const std::shared_ptr<SubscriptionCheck>& subscriptions() const;
    ShapeKeeper* keeper() const;
    ProviderChecks* provider() const { return m_provider; }
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
    ProviderChecks* m_provider;
    Secrets* m_secrets;
};
