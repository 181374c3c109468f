using System.Text;
using QRCoder;

namespace ConnexIdP.Server.Hosting;

/// <summary>QR codes drawn here (QRCoder) as SVG: no image service sees what they carry.</summary>
internal static class QrCodeImage
{
    public static byte[] Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return Encoding.UTF8.GetBytes(new SvgQRCode(data).GetGraphic(6));
    }
}
