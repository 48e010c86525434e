#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

/**
 * A request the capture endpoint answered with an error (or closed) without storing it: what the
 * user would otherwise never learn about. Method, target and reason come from the sender, so every
 * text here is made printable (control characters escaped, length capped) and is plain text.
 */
struct Refusal
{
    Q_DECLARE_TR_FUNCTIONS(Refusal)

public:
    /// Longest method or target kept, in characters; longer ones end with "…".
    static constexpr qsizetype MaxTextChars = 200;

    Refusal() = default;
    /// Now, from @p peer, answered @p httpStatus because of @p why (made printable).
    Refusal(int httpStatus, const QByteArray& why, const QString& peer);

    int status = 0;
    QString reason;
    QString remote; ///< "address:port"
    QString method; ///< empty when the request line never arrived
    QString target; ///< empty when unknown
    qint64 atMs = 0; ///< UTC milliseconds since the epoch

    /// Takes method and target from @p head, the first bytes of the request, when its request line
    /// got that far; leaves them empty otherwise.
    void readRequestLine(const QByteArray& head);
    /// "refused 400 from 127.0.0.1:51234 (POST /hook): Invalid header value char"
    QString toLine() const;
    /// "POST /hook", "POST" or empty.
    QString requestText() const;

    /// @p bytes as UTF-8 with control and format characters written as \xNN or \u{NNNN}, so that a
    /// terminal or a label shows them instead of obeying them; at most @p maxChars characters.
    static QString printable(const QByteArray& bytes, qsizetype maxChars = MaxTextChars);
};
