#include "ResponseScript.h"

#include <QCoreApplication>

void ResponseScript::setRules(const QList<ResponseRule>& rules)
{
    QMutexLocker lock(&m_mutex);
    m_rules = rules;
    m_failuresLeft.clear();
    for (const ResponseRule& rule : rules) {
        m_failuresLeft.append(rule.failFirst);
    }
}

QList<ResponseRule> ResponseScript::rules() const
{
    QMutexLocker lock(&m_mutex);
    return m_rules;
}

ScriptedAnswer ResponseScript::decide(const QByteArray& path)
{
    QMutexLocker lock(&m_mutex);
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        const ResponseRule& rule = m_rules.at(i);
        if (!path.startsWith(rule.pathPrefix)) {
            continue;
        }
        ScriptedAnswer answer;
        answer.delayMs = rule.delayMs;
        answer.headers = rule.headers;
        if (m_failuresLeft[i] > 0) {
            --m_failuresLeft[i];
            answer.failure = true;
        } else if (rule.failPercent > 0 && int(m_random.bounded(100)) < rule.failPercent) {
            answer.failure = true;
        }
        answer.status = answer.failure ? rule.failStatus : rule.status;
        answer.body = answer.failure ? QByteArray() : rule.body;
        return answer;
    }
    return {};
}

QString ResponseScript::check(const ResponseRule& rule)
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("ResponseScript", text); };
    if (rule.status < 200 || rule.status > 599 || rule.failStatus < 200 || rule.failStatus > 599) {
        return tr("a status must be from 200 to 599");
    }
    if (rule.failPercent < 0 || rule.failPercent > 100) {
        return tr("the failing share must be from 0 to 100 percent");
    }
    if (rule.delayMs < 0 || rule.delayMs > 600000) {
        return tr("the delay must be from 0 to 600,000 ms");
    }
    if (rule.failFirst < 0) {
        return tr("the number of requests to fail can't be negative");
    }
    if (!rule.pathPrefix.isEmpty() && !rule.pathPrefix.startsWith('/')) {
        return tr("a path starts with /");
    }
    for (const HttpHeader& h : rule.headers) {
        const QByteArray name = h.name.toLower();
        if (h.name.isEmpty() || h.name.contains(':') || h.name.contains(' ') || h.value.contains('\r')
            || h.value.contains('\n') || name == "content-length" || name == "connection"
            || name == "transfer-encoding") {
            return tr("the header '%1' can't be set").arg(QString::fromLatin1(h.name));
        }
    }
    return {};
}
