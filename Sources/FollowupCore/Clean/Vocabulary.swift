import Foundation

/// Every word list the cleaning stage reads agent cells with, in one configurable value.
/// The project's configuration decodes its additions into this shape and merges them onto
/// `Vocabulary.default`; each part can be given alone (missing keys decode as empty).
public struct Vocabulary: Codable, Equatable, Sendable {
    public var callResults: ResultVocabulary
    public var satisfaction: SatisfactionVocabulary
    public var complaintFlag: ComplaintFlagVocabulary

    public init(callResults: ResultVocabulary = .init(), satisfaction: SatisfactionVocabulary = .init(),
                complaintFlag: ComplaintFlagVocabulary = .init()) {
        self.callResults = callResults
        self.satisfaction = satisfaction
        self.complaintFlag = complaintFlag
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        callResults = try c.decodeIfPresent(ResultVocabulary.self, forKey: .callResults) ?? .init()
        satisfaction = try c.decodeIfPresent(SatisfactionVocabulary.self, forKey: .satisfaction) ?? .init()
        complaintFlag = try c.decodeIfPresent(ComplaintFlagVocabulary.self, forKey: .complaintFlag) ?? .init()
    }

    public static let `default` = Vocabulary(callResults: .default, satisfaction: .default, complaintFlag: .default)

    /// The receiver with `additions` added: this is how configuration extends the defaults.
    public func merged(with additions: Vocabulary) -> Vocabulary {
        Vocabulary(callResults: callResults.merged(with: additions.callResults),
                   satisfaction: satisfaction.merged(with: additions.satisfaction),
                   complaintFlag: complaintFlag.merged(with: additions.complaintFlag))
    }

    public func validate() throws {
        try callResults.validate()
        try satisfaction.validate()
    }
}

public enum VocabularyError: Error, CustomStringConvertible, Equatable {
    case unknownCode(vocabulary: String, code: String)
    case unknownTheme(String)
    case resourceMissing(name: String, searched: [String])
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownCode(vocabulary, code):
            return "vocabulary \(vocabulary): unknown code \"\(code)\""
        case let .unknownTheme(code):
            return "theme dictionary: unknown theme code \"\(code)\""
        case let .resourceMissing(name, searched):
            return "default \(name) not found; looked in: \(searched.joined(separator: ", "))"
        case let .unreadable(path, reason):
            return "\(path): \(reason)"
        }
    }
}
