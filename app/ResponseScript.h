#pragma once

#include "CapturedRequest.h"

#include <QList>
#include <QMutex>
#include <QRandomGenerator>

/// How Hookscope answers the requests to one path prefix (all paths when empty).
struct ResponseRule
{
    QByteArray pathPrefix; ///< "" matches every path
    int status = 200;
    QByteArray body; ///< empty: Hookscope's own {"ok":...,"id":N}
    HttpHeaders headers; ///< added to the answer (Content-Length and Connection stay Hookscope's)
    int delayMs = 0; ///< the answer waits this long after the event is stored
    int failFirst = 0; ///< the next N requests get failStatus instead
    int failPercent = 0; ///< this share of requests (0-100) gets failStatus instead
    int failStatus = 500;
};

/// The answer picked for one request.
struct ScriptedAnswer
{
    int status = 200;
    QByteArray body; ///< empty: Hookscope's own body for the status
    HttpHeaders headers;
    int delayMs = 0;
    bool failure = false; ///< forced by failFirst or failPercent
};

/**
 * @brief Scripted answers: what the capture endpoint answers, globally or per path, to test how a
 * sender behaves when the receiver is slow or failing. Every request is stored whatever the answer
 * (the answer's status is stored with it), so a sender's retries show up next to the failures
 * that caused them.
 *
 * Shared by the capture threads and the window: decide() and setRules() may be called from any thread.
 */
class ResponseScript
{
public:
    /// The rules, first match wins (so a rule for a path prefix goes before a catch-all one);
    /// restarts every failFirst count.
    void setRules(const QList<ResponseRule>& rules);
    QList<ResponseRule> rules() const;

    /// The answer for a request to @p path: the first rule whose prefix it starts with, or 200.
    ScriptedAnswer decide(const QByteArray& path);

    /// Why @p rule can't be used (a status outside 200-599, a percentage outside 0-100, a header
    /// that would break the answer's framing, ...), in one line; empty when it can.
    static QString check(const ResponseRule& rule);

private:
    mutable QMutex m_mutex;
    QList<ResponseRule> m_rules;
    QList<int> m_failuresLeft; ///< parallel to m_rules
    QRandomGenerator m_random {QRandomGenerator::securelySeeded()};
};
