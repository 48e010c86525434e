#include "CaptureChecks.h"

#include "AnswerSettings.h"
#include "ProviderChecks.h"
#include "Secrets.h"
#include "ServerConfig.h"
#include "SignatureSettings.h"
#include "SubscriptionCheck.h"

#include <QPointer>

bool CaptureChecks::prepare(ServerConfig& config, const QString& dbPath)
{
    bool changed = ProviderChecks::prepare(config, dbPath);
    if (!config.script) {
        config.script = std::make_shared<ResponseScript>();
        config.script->setRules(AnswerSettings::load());
        changed = true;
    }
    if (!config.signatures) {
        config.signatures = std::make_shared<SignatureCheck>();
        changed = true;
    }
    return changed;
}

CaptureChecks::CaptureChecks(QObject* parent)
    : QObject(parent)
    , m_provider(new ProviderChecks(this))
    , m_secrets(new Secrets(this))
{
}

CaptureChecks::~CaptureChecks() = default;

void CaptureChecks::adopt(const ServerConfig& config)
{
    m_script = config.script;
    m_signatures = config.signatures;
    m_provider->adopt(config);
}

void CaptureChecks::open(const QString& dbPath)
{
    m_provider->open(dbPath);
}

const std::shared_ptr<DriftCheck>& CaptureChecks::drift() const
{
    return m_provider->drift();
}

const std::shared_ptr<SubscriptionCheck>& CaptureChecks::subscriptions() const
{
    return m_provider->subscriptions();
}

ShapeKeeper* CaptureChecks::keeper() const
{
    return m_provider->keeper();
}

void CaptureChecks::loadSignatures()
{
    const QList<SignatureRule> saved = SignatureSettings::load();
    if (saved.isEmpty() || !m_signatures) {
        emit signaturesLoaded({});
        return;
    }
    const QPointer<CaptureChecks> self(this);
    SignatureSettings::readSecrets(
        saved, m_secrets, [this, self](const QList<SignatureRule>& ready, const QStringList& missing) {
            if (!self) {
                return;
            }
            m_signatures->setRules(ready);
            emit signaturesLoaded(missing);
        });
}

void CaptureChecks::applyAnswers(const QList<ResponseRule>& rules)
{
    if (m_script) {
        m_script->setRules(rules);
    }
    AnswerSettings::save(rules);
}

void CaptureChecks::applySignatures(const QList<SignatureRule>& rules)
{
    if (m_signatures) {
        m_signatures->setRules(rules);
    }
    SignatureSettings::save(rules);
}

void CaptureChecks::applyProfile(const SubscriptionProfile& profile)
{
    if (subscriptions()) {
        subscriptions()->setProfile(profile);
    }
    profile.save();
}
