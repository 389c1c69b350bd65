# {{jreleaserCreationStamp}}
{{#brewRequireRelative}}
require_relative "{{.}}"
{{/brewRequireRelative}}

# rtc, with no JDK needed: in a release, the native binary (GraalVM native-image); otherwise the jlink
# image (its own Java runtime, with the AOT cache made at assembly). One template for both
# distributions (jreleaser.yml); both archives hold bin/rtc, man/man1/*.1, completions/ and LICENSE.
class {{brewFormulaName}} < Formula
  desc "{{projectDescription}}"
  homepage "{{projectLinkHomepage}}"
  version "{{projectVersion}}"
  license "{{projectLicense}}"

  {{brewMultiPlatform}}

  {{#brewHasLivecheck}}
  livecheck do
    {{#brewLivecheck}}
    {{.}}
    {{/brewLivecheck}}
  end
  {{/brewHasLivecheck}}
  {{#brewDependencies}}
  depends_on {{.}}
  {{/brewDependencies}}

  def install
    libexec.install Dir["*"]
    bin.install_symlink "#{libexec}/bin/{{distributionExecutableUnix}}" => "{{distributionExecutableName}}"
    man1.install Dir["#{libexec}/man/man1/*.1"]
    bash_completion.install "#{libexec}/completions/rtc.bash" => "rtc"
    zsh_completion.install "#{libexec}/completions/_rtc"
    fish_completion.install "#{libexec}/completions/rtc.fish"
  end

  # the jlink image's native libraries (the native binary has none)
  def post_install
    if OS.mac?
      Dir["#{libexec}/lib/**/*.dylib"].each do |dylib|
        chmod 0664, dylib
        MachO::Tools.change_dylib_id(dylib, "@rpath/#{File.basename(dylib)}")
        MachO.codesign!(dylib)
        chmod 0444, dylib
      end
    end
  end

  test do
    output = shell_output("#{bin}/{{distributionExecutableName}} --version")
    assert_match "{{projectVersion}}", output
    assert_match "complete -c rtc", shell_output("#{bin}/{{distributionExecutableName}} completion fish")
  end
end
