#include "CaptureChecks.h"

#include "AnswerSettings.h"
#include "DriftCheck.h"
#include "Secrets.h"
#include "ServerConfig.h"
#include "ShapeKeeper.h"
#include "SignatureSettings.h"
#include "SubscriptionCheck.h"

#include <QPointer>

bool CaptureChecks::prepare(ServerConfig& config)
{
    bool changed = false;
    if (!config.script) {
        config.script = std::make_shared<ResponseScript>();
        config.script->setRules(AnswerSettings::load());
        changed = true;
    }
    if (!config.signatures) {
        config.signatures = std::make_shared<SignatureCheck>();
        changed = true;
    }
    if (!config.drift) {
        config.drift = std::make_shared<DriftCheck>();
        changed = true;
    }
    if (!config.subscriptions) {
        config.subscriptions = std::make_shared<SubscriptionCheck>();
        config.subscriptions->setProfile(SubscriptionProfile::load());
        changed = true;
    }
    return changed;
}

CaptureChecks::CaptureChecks(QObject* parent)
    : QObject(parent)
    , m_secrets(new Secrets(this))
{
}

CaptureChecks::~CaptureChecks() = default;

void CaptureChecks::adopt(const ServerConfig& config)
{
    m_script = config.script;
    m_signatures = config.signatures;
    m_subscriptions = config.subscriptions;
    if (m_drift != config.drift) {
        m_drift = config.drift;
        delete m_keeper;
        m_keeper = m_drift ? new ShapeKeeper(m_drift, this) : nullptr;
    }
}

void CaptureChecks::open(const QString& dbPath)
{
    if (m_keeper) {
        m_keeper->open(dbPath);
    }
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
    if (m_subscriptions) {
        m_subscriptions->setProfile(profile);
    }
    profile.save();
}
