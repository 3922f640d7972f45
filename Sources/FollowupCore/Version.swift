/// The tool's version, written into every manifest.
public enum FollowupVersion {
    public static let string = "0.1.0"
}
